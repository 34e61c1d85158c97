import { readFile } from "fs/promises"
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
   * Where the file is on this machine (what the import route passes: its upload's temporary file). Preferred for
   * large files: the workflow JSON-serializes its whole input at every checkpoint, so bytes passed as `content`
   * are copied several times per run.
   */
  file_path?: string
  /**
   * Or the file itself, as base64 text or a Buffer (a Buffer serializes as an array of numbers: a 12 MB file
   * then costs ~500 MB of peak memory). Exactly one of `file_path` and `content`.
   */
  content?: Buffer | string
}

async function readCodesFile(input: ImportBatchCodesStepInput): Promise<Buffer> {
  if ((input.file_path === undefined) === (input.content === undefined)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Give the codes file as either file_path or content")
  }
  if (input.file_path !== undefined) {
    return await readFile(input.file_path)
  }
  return typeof input.content === "string" ? Buffer.from(input.content, "base64") : Buffer.from(input.content!)
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
      // Options may set only some limits; the engine fills in the rest.
      const limits = service.getOptions().importLimits
      const parsed = await parseCodesFile(await readCodesFile(input), input.file_name ?? undefined, limits)
      const check = validateParsedCodes(parsed)
      if (!check.ok) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          describeProblems(check.problems, 20, check.problemCount)
        )
      }
      file = {
        format: parsed.format,
        codes: check.codes,
        rows: check.rows,
        sorted: check.sorted,
        expires_at: check.expires_at,
        sorted_expires_at: check.sorted_expires_at,
      }
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
      // Only when the file has an expires_at column (see validateParsedCodes): other files load as before.
      expires_at: file.expires_at,
      sorted_expires_at: file.sorted_expires_at,
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
