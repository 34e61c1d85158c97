import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { confirmCouponRedemptionsStep } from "../steps/confirm-coupon-redemptions-step"
import { CouponRedemptionEvents } from "../events"
import { redemptionEventData } from "./release-coupon-redemptions"

export type ConfirmCouponRedemptionsWorkflowInput = {
  order_id: string
  /** The cart the order was made from, when the order↔cart link is missing (a crash between the two writes). */
  cart_id?: string
}

export const confirmCouponRedemptionsWorkflowId = "confirm-coupon-redemptions"

/**
 * The order exists: the coupon reservations of its cart (order↔cart link) become confirmed uses of the order, and
 * coupon.redeemed is emitted once per use. Idempotent (the plugin runs it on order.placed and from the
 * stale-reservation job). Apps that place orders from carts their own way can run it with the order id.
 */
export const confirmCouponRedemptionsWorkflow = createWorkflow(
  confirmCouponRedemptionsWorkflowId,
  (input: WorkflowData<ConfirmCouponRedemptionsWorkflowInput>) => {
    const { data: links } = useQueryGraphStep({
      entity: "order_cart",
      fields: ["cart_id", "order_id"],
      filters: { order_id: input.order_id },
    }).config({ name: "order-cart-query" })
    const stepInput = transform({ links, input }, ({ links, input }) => ({
      order_id: input.order_id,
      cart_id: (links as { cart_id: string }[])[0]?.cart_id ?? input.cart_id ?? null,
    }))
    const confirmed = confirmCouponRedemptionsStep(stepInput)
    const events = transform({ confirmed }, ({ confirmed }) => confirmed.map((row) => redemptionEventData(row)))
    emitEventStep({ eventName: CouponRedemptionEvents.REDEEMED, data: events }).config({ name: "emit-coupon-redeemed" })
    return new WorkflowResponse(confirmed)
  }
)
