import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { unassignCouponStep } from "../steps/unassign-coupon-step"
import { CouponAssignmentEvents } from "../events"

export type UnassignCouponWorkflowInput = {
  coupon_id: string
  /** When given (id or custom ID), the coupon must belong to this promotion. */
  promotion?: string
}

/** Takes an assigned code that was never used back into the promotion's unassigned pool. */
export const unassignCouponWorkflow = createWorkflow(
  "unassign-coupon",
  (input: WorkflowData<UnassignCouponWorkflowInput>) => {
    const result = unassignCouponStep(input)
    const data = transform({ result }, ({ result }) => ({
      id: result.coupon.id,
      promotion_id: result.coupon.promotion_id,
      previous_customer_id: result.previous_customer_id,
    }))
    emitEventStep({ eventName: CouponAssignmentEvents.UNASSIGNED, data })
    return new WorkflowResponse(result)
  }
)
