import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { confirmCouponRedemptionsWorkflow } from "../workflows/redemptions/workflows/confirm-coupon-redemptions"

/** The order exists: its cart's coupon reservations become confirmed uses (coupon.redeemed). Idempotent. */
export default async function confirmCouponRedemptionsHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await confirmCouponRedemptionsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "coupon-redemptions-confirm" },
}
