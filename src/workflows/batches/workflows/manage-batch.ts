import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CouponBatchEvents } from "../events"
import { deleteUnusedBatchStep } from "../steps/delete-unused-batch-step"
import { generateBatchCodesStep } from "../steps/generate-batch-codes-step"
import { retrieveOpenPromotionStep } from "../steps/retrieve-open-promotion-step"
import { retryFailedBatchStep } from "../steps/retry-failed-batch-step"
import { emitBatchOutcome } from "./generate-batch-codes"

export const deleteCouponBatchWorkflowId = "delete-coupon-batch"

/** Admin "Delete" on a batch: see deleteUnusedBatchStep. Emits coupon_batch.deleted. */
export const deleteCouponBatchWorkflow = createWorkflow(
  deleteCouponBatchWorkflowId,
  (input: WorkflowData<{ promotion_id: string; batch_id: string }>) => {
    const deleted = deleteUnusedBatchStep(input)
    const data = transform({ input, deleted }, ({ input, deleted }) => ({
      id: deleted.id,
      promotion_id: input.promotion_id,
      codes_removed: deleted.codes_removed,
    }))
    emitEventStep({ eventName: CouponBatchEvents.DELETED, data }).config({ name: "emit-coupon-batch-deleted" })
    return new WorkflowResponse(deleted)
  }
)

export const retryCouponBatchWorkflowId = "retry-coupon-batch"

/**
 * Admin "Retry" on a failed generated batch: back to pending, then generated at once when small, or in the background
 * (coupon_batch.created) above `background_threshold`, as when it was first created.
 */
export const retryCouponBatchWorkflow = createWorkflow(
  retryCouponBatchWorkflowId,
  (input: WorkflowData<{ promotion_id: string; batch_id: string; background_threshold: number }>) => {
    retrieveOpenPromotionStep({ promotion_id: input.promotion_id })
    const pending = retryFailedBatchStep({ promotion_id: input.promotion_id, batch_id: input.batch_id })
    const generated = when({ input, pending }, ({ input, pending }) => pending.requested_count <= input.background_threshold).then(
      () => generateBatchCodesStep({ batch_id: pending.id })
    )
    emitBatchOutcome(generated)
    when({ input, pending }, ({ input, pending }) => pending.requested_count > input.background_threshold).then(() => {
      const data = transform({ pending }, ({ pending }) => ({ id: pending.id, promotion_id: pending.promotion_id }))
      emitEventStep({ eventName: CouponBatchEvents.CREATED, data }).config({ name: "emit-coupon-batch-created" })
    })
    return new WorkflowResponse(pending)
  }
)
