import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CouponCodeEvents } from "../events"
import { voidCouponsStep } from "../steps/void-coupons-step"

export const voidCouponWorkflowId = "void-coupon"

/**
 * Admin "Void code": an unused code (unassigned, or assigned and never used) of the promotion becomes void for good.
 * Checkout then refuses it like an unknown code, and its value stays taken. Refused for a used or void code and for
 * an archived promotion; 404 for a code of another promotion. Emits coupon.voided.
 */
export const voidCouponWorkflow = createWorkflow(
  voidCouponWorkflowId,
  (input: WorkflowData<{ promotion_id: string; coupon_id: string }>) => {
    const result = voidCouponsStep(input)
    const data = transform({ result }, ({ result }) => ({
      id: result.coupon!.id,
      promotion_id: result.coupon!.promotion_id,
      batch_id: result.coupon!.batch_id,
      customer_id: result.coupon!.customer_id,
      previous_state: result.previous_state,
    }))
    emitEventStep({ eventName: CouponCodeEvents.VOIDED, data }).config({ name: "emit-coupon-voided" })
    return new WorkflowResponse(result)
  }
)

export const voidCouponBatchWorkflowId = "void-coupon-batch"

/**
 * Admin "Void unused codes" on a batch: every unused code of it becomes void in one transaction; used codes, and
 * codes a checkout has reserved, are left as they are. Emits coupon_batch.voided with the number voided.
 */
export const voidCouponBatchWorkflow = createWorkflow(
  voidCouponBatchWorkflowId,
  (input: WorkflowData<{ promotion_id: string; batch_id: string }>) => {
    const result = voidCouponsStep(input)
    const data = transform({ result, input }, ({ result, input }) => ({
      id: input.batch_id,
      promotion_id: input.promotion_id,
      voided: result.voided,
    }))
    emitEventStep({ eventName: CouponCodeEvents.BATCH_VOIDED, data }).config({ name: "emit-coupon-batch-voided" })
    return new WorkflowResponse(result)
  }
)
