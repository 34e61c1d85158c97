import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { RedemptionRow } from "../../../modules/coupon/redemption"
import {
  releaseCouponRedemptionsStep,
  ReleaseCouponRedemptionsStepInput,
} from "../steps/release-coupon-redemptions-step"
import { CouponRedemptionEvents } from "../events"

export type ReleaseCouponRedemptionsWorkflowInput = ReleaseCouponRedemptionsStepInput

export const releaseCouponRedemptionsWorkflowId = "release-coupon-redemptions"

export function redemptionEventData(row: RedemptionRow) {
  return {
    id: row.id,
    coupon_id: row.coupon_id,
    promotion_id: row.promotion_id,
    order_id: row.order_id,
    cart_id: row.cart_id,
    customer_id: row.customer_id,
    amount: row.amount,
    currency_code: row.currency_code,
  }
}

/**
 * Releases coupon redemptions picked by ids, cart or order: uses, "first N customers" places and personal balance
 * come back, coupon states follow, and coupon.released is emitted per released use. Idempotent.
 *   await releaseCouponRedemptionsWorkflow(container).run({ input: { cart_id, reason: "order_canceled" } })
 */
export const releaseCouponRedemptionsWorkflow = createWorkflow(
  releaseCouponRedemptionsWorkflowId,
  (input: WorkflowData<ReleaseCouponRedemptionsWorkflowInput>) => {
    const released = releaseCouponRedemptionsStep(input)
    const events = transform({ released, input }, ({ released, input }) =>
      released.map((row) => ({
        ...redemptionEventData(row),
        reason: input.reason,
        previous_state: row.previous_state,
      }))
    )
    emitEventStep({ eventName: CouponRedemptionEvents.RELEASED, data: events }).config({ name: "emit-coupon-released" })
    return new WorkflowResponse(released)
  }
)
