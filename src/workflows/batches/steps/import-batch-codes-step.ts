import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { describeProblems, parseCodesFile, validateParsedCodes } from "../../../engine/code-file"
import { isEngineError } from "../../../engine/errors"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

export type ImportBatchCodesStepInput = {
  promotion_id: string
  file_name: string | null
  /**
   * The uploaded file. Prefer base64 text: the workflow JSON-serializes its whole context at every checkpoint,
   * and a Buffer serializes as an array of numbers (a 12 MB file costs ~500 MB of peak memory that way).
   */
  content: Buffer | string
}

/**
 * Parses and checks the whole file, then writes every code in one transaction, or nothing. The parsed codes
 * stay inside this step: passing a million strings between steps would keep them in the workflow context.
 */
export const importBatchCodesStep = createStep(
  "import-coupon-batch-codes",
  async (input: ImportBatchCodesStepInput, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    let file
    try {
      const bytes =
        typeof input.content === "string" ? Buffer.from(input.content, "base64") : Buffer.from(input.content)
      const parsed = await parseCodesFile(bytes, input.file_name ?? undefined)
      const check = validateParsedCodes(parsed)
      if (!check.ok) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          describeProblems(check.problems, 20, check.problemCount)
        )
      }
      file = { format: parsed.format, codes: check.codes, rows: check.rows, sorted: check.sorted }
    } catch (e) {
      if (isEngineError(e)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      }
      throw e
    }
    const batch = await service.importBatchCoupons({
      promotion_id: input.promotion_id,
      file_name: input.file_name,
      file_format: file.format,
      codes: file.codes,
      rows: file.rows,
      sorted: file.sorted,
    })
    return new StepResponse(batch, batch.id)
  },
  async (batchId, { container }) => {
    if (!batchId) {
      return
    }
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.removeImportedBatch(batchId)
  }
)
