import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { retrieveOpenPromotionStep } from "../steps/retrieve-open-promotion-step"
import { importBatchCodesStep, ImportBatchCodesStepInput } from "../steps/import-batch-codes-step"
import { emitBatchOutcome } from "./generate-batch-codes"

export type ImportCouponBatchInput = ImportBatchCodesStepInput

export const importCouponBatchWorkflowId = "import-coupon-batch"

/**
 * User.com "Import coupons" / uStore "Upload coupon list": adds a CSV or XLSX file's codes to a promotion as one
 * batch, or nothing at all when any code is invalid, repeated in the file, or already exists in the system
 * (coupon or Medusa promotion code). Repeatable: every import is a new batch. Emits coupon_batch.completed.
 */
export const importCouponBatchWorkflow = createWorkflow(
  importCouponBatchWorkflowId,
  (input: WorkflowData<ImportCouponBatchInput>) => {
    retrieveOpenPromotionStep({ promotion_id: input.promotion_id })
    const batch = importBatchCodesStep(input)
    emitBatchOutcome(batch)
    return new WorkflowResponse(batch)
  }
)
