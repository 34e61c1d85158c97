import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CouponPromotionEvents } from "../events"
import { archiveCouponPromotionStep } from "../steps/archive-coupon-promotion-step"

export const archiveCouponPromotionWorkflowId = "archive-coupon-promotion"

/**
 * Archives a promotion for good: it becomes read-only, its codes are refused at checkout (eligibility sees
 * `archived_at`), it can still be listed and duplicated. Emits coupon_promotion.archived.
 */
export const archiveCouponPromotionWorkflow = createWorkflow(
  archiveCouponPromotionWorkflowId,
  (input: WorkflowData<{ id: string }>) => {
    const result = archiveCouponPromotionStep(input)
    const event = transform({ result }, ({ result }) => ({ id: result.id }))
    emitEventStep({ eventName: CouponPromotionEvents.ARCHIVED, data: event })
    return new WorkflowResponse(result)
  }
)
