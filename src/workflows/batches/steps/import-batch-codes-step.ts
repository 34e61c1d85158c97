import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { checkCodesFile, describeProblems } from "../../../engine/code-file"
import { bufferSource, FileSource, openFileSource } from "../../../engine/file-source"
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

/** The file, opened for reading a piece at a time (`file_path`), or the bytes given (`content`). */
async function openCodesFile(input: ImportBatchCodesStepInput): Promise<FileSource> {
  if ((input.file_path === undefined) === (input.content === undefined)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Give the codes file as either file_path or content")
  }
  if (input.file_path !== undefined) {
    return await openFileSource(input.file_path)
  }
  return bufferSource(typeof input.content === "string" ? Buffer.from(input.content, "base64") : Buffer.from(input.content!))
}

/**
 * Reads and checks the whole file as it streams (a file_path is never read whole; the codes are held packed, see
 * engine/code-file/checked-codes.ts), then writes every code in one transaction, or nothing. The codes stay inside
 * this step: passing a million codes between steps would keep them in the workflow context.
 */
export const importBatchCodesStep = createStep(
  "import-coupon-batch-codes",
  async (input: ImportBatchCodesStepInput, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    let check
    const source = await openCodesFile(input)
    try {
      // Options may set only some limits; the engine fills in the rest.
      const limits = service.getOptions().importLimits
      check = await checkCodesFile(source, input.file_name ?? undefined, limits)
      if (!check.ok) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          describeProblems(check.problems, 20, check.problemCount)
        )
      }
    } catch (e) {
      if (isEngineError(e)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      }
      throw e
    } finally {
      await source.close()
    }
    const batch = await service.importBatchCoupons({
      promotion_id: input.promotion_id,
      file_name: input.file_name,
      file_format: check.format,
      // Only when the file has an expires_at column, each code's expiry comes with it: other files load as before.
      loadable: check,
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
