import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { releaseOrderCouponRedemptions } from "../workflows/redemptions/release-stale-reservations"

/** A canceled order gives its coupon uses back: uses, "first N customers" place, balance (coupon.released). */
export default async function releaseCouponRedemptionsHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await releaseOrderCouponRedemptions(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "coupon-redemptions-release" },
}
