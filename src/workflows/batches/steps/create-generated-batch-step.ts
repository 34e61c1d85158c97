import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { checkCapacity, CodePattern, resolvePattern } from "../../../engine/codes"
import { isEngineError } from "../../../engine/errors"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

export type CreateGeneratedBatchStepInput = {
  promotion_id: string
  count: number
  pattern?: CodePattern
}

/**
 * Checks the pattern and that `count` more codes keep codes unguessable (counting every code the system already
 * holds), then records the pending batch. The codes themselves are written by generateBatchCodesStep.
 */
export const createGeneratedBatchStep = createStep(
  "create-generated-coupon-batch",
  async (input: CreateGeneratedBatchStepInput, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const defaults = service.getOptions().codes
    let pattern
    try {
      pattern = resolvePattern(input.pattern ?? {}, defaults)
      checkCapacity({ pattern, count: input.count, existing: await service.countCodesInSystem() })
    } catch (e) {
      if (isEngineError(e)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      }
      throw e
    }
    const batch = await service.createCouponBatches({
      promotion_id: input.promotion_id,
      source: "generated",
      state: "pending",
      requested_count: input.count,
      pattern,
    })
    return new StepResponse(batch, batch.id)
  },
  async (batchId, { container }) => {
    if (!batchId) {
      return
    }
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    await service.deleteCouponBatches(batchId)
  }
)
