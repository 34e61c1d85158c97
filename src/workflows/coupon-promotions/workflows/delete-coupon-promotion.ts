import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CouponPromotionEvents } from "../events"
import { deleteCouponPromotionStep } from "../steps/delete-coupon-promotion-step"

export const deleteCouponPromotionWorkflowId = "delete-coupon-promotion"

/**
 * Deletes a promotion whose codes were never used, with its batches and codes (their codes stay reserved).
 * Emits coupon_promotion.deleted.
 */
export const deleteCouponPromotionWorkflow = createWorkflow(
  deleteCouponPromotionWorkflowId,
  (input: WorkflowData<{ id: string }>) => {
    const result = deleteCouponPromotionStep(input)
    const event = transform({ result }, ({ result }) => ({ id: result.id }))
    emitEventStep({ eventName: CouponPromotionEvents.DELETED, data: event })
    return new WorkflowResponse(result)
  }
)
