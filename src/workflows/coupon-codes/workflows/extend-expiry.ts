import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateCouponPromotionWorkflow } from "../../coupon-promotions/workflows/update-coupon-promotion"
import { preparePromotionExpiryStep } from "../steps/prepare-promotion-expiry-step"
import { setBatchExpiryStep } from "../steps/set-batch-expiry-step"

export const extendCouponBatchExpiryWorkflowId = "extend-coupon-batch-expiry"

/**
 * Admin "Extend expiry" on a batch: its codes (void ones aside) expire at `expires_at`, an ISO 8601 date (the end of
 * that day, UTC) or date-time with a time zone, which must be in the future. Returns how many codes were updated.
 */
export const extendCouponBatchExpiryWorkflow = createWorkflow(
  extendCouponBatchExpiryWorkflowId,
  (input: WorkflowData<{ promotion_id: string; batch_id: string; expires_at: string }>) => {
    return new WorkflowResponse(setBatchExpiryStep(input))
  }
)

export const extendCouponPromotionExpiryWorkflowId = "extend-coupon-promotion-expiry"

/**
 * Extends a promotion's end to `expires_at` (same date rules, never in the past) through its time span: the update
 * workflow then checks the result like any edit (start before end), writes it with its compensation and emits
 * coupon_promotion.updated.
 */
export const extendCouponPromotionExpiryWorkflow = createWorkflow(
  extendCouponPromotionExpiryWorkflowId,
  (input: WorkflowData<{ id: string; expires_at: string }>) => {
    const update = preparePromotionExpiryStep(input)
    const updateInput = transform({ input, update }, ({ input, update }) => ({ id: input.id, update }))
    const promotion = updateCouponPromotionWorkflow.runAsStep({ input: updateInput })
    return new WorkflowResponse(promotion)
  }
)
