import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { CodePattern } from "../../../engine/codes"
import { retrieveOpenPromotionStep } from "../steps/retrieve-open-promotion-step"
import { createGeneratedBatchStep } from "../steps/create-generated-batch-step"
import { generateBatchCodesStep } from "../steps/generate-batch-codes-step"
import { CouponBatchEvents } from "../events"
import { emitBatchOutcome } from "./generate-batch-codes"

export type CreateGeneratedCouponBatchInput = {
  promotion_id: string
  count: number
  pattern?: CodePattern
  /** Counts above this are generated in the background (plugin option `backgroundThreshold`). */
  background_threshold: number
}

export const createGeneratedCouponBatchWorkflowId = "create-generated-coupon-batch"

/**
 * uStore "Create … coupons": records a generated batch and, when it is small, writes its codes at once.
 * A large batch is returned pending; coupon_batch.created hands it to a subscriber that runs
 * generateCouponBatchCodesWorkflow, and `processed_count` / `requested_count` show the progress.
 */
export const createGeneratedCouponBatchWorkflow = createWorkflow(
  createGeneratedCouponBatchWorkflowId,
  (input: WorkflowData<CreateGeneratedCouponBatchInput>) => {
    retrieveOpenPromotionStep({ promotion_id: input.promotion_id })
    const pending = createGeneratedBatchStep({
      promotion_id: input.promotion_id,
      count: input.count,
      pattern: input.pattern,
    })

    const generated = when({ input }, ({ input }) => input.count <= input.background_threshold).then(() =>
      generateBatchCodesStep({ batch_id: pending.id })
    )
    // Outside the branch (workflow conditions do not nest); nothing is emitted when `generated` was skipped.
    emitBatchOutcome(generated)

    when({ input }, ({ input }) => input.count > input.background_threshold).then(() => {
      const data = transform({ pending }, ({ pending }) => ({ id: pending.id, promotion_id: pending.promotion_id }))
      emitEventStep({ eventName: CouponBatchEvents.CREATED, data }).config({ name: "emit-coupon-batch-created" })
    })

    const batch = transform({ pending, generated }, ({ pending, generated }) => generated ?? pending)
    return new WorkflowResponse(batch)
  }
)
