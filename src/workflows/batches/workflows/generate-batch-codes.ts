import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { generateBatchCodesStep } from "../steps/generate-batch-codes-step"
import { CouponBatchEvents } from "../events"

export const generateCouponBatchCodesWorkflowId = "generate-coupon-batch-codes"

/**
 * Writes the codes of a pending generated batch (all or nothing, progress in `processed_count`) and announces
 * the outcome with coupon_batch.completed or coupon_batch.failed. Runs inline for small batches and from the
 * coupon_batch.created subscriber for large ones.
 */
export const generateCouponBatchCodesWorkflow = createWorkflow(
  generateCouponBatchCodesWorkflowId,
  (input: WorkflowData<{ batch_id: string }>) => {
    const batch = generateBatchCodesStep({ batch_id: input.batch_id })
    emitBatchOutcome(batch)
    return new WorkflowResponse(batch)
  }
)

/** Shared by the generate and import workflows: one event per finished batch. */
export function emitBatchOutcome(batch: any) {
  when({ batch }, ({ batch }) => batch?.state === "completed").then(() => {
    const data = transform({ batch }, ({ batch }) => ({
      id: batch.id,
      promotion_id: batch.promotion_id,
      source: batch.source,
      codes_total: batch.codes_total,
    }))
    emitEventStep({ eventName: CouponBatchEvents.COMPLETED, data }).config({ name: "emit-coupon-batch-completed" })
  })
  when({ batch }, ({ batch }) => batch?.state === "failed").then(() => {
    const data = transform({ batch }, ({ batch }) => ({
      id: batch.id,
      promotion_id: batch.promotion_id,
      source: batch.source,
      error: batch.error,
    }))
    emitEventStep({ eventName: CouponBatchEvents.FAILED, data }).config({ name: "emit-coupon-batch-failed" })
  })
}
