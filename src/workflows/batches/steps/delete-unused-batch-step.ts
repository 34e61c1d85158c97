import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

export type DeleteUnusedBatchStepInput = { promotion_id: string; batch_id: string }

/**
 * Soft-deletes a batch and its codes when none of them was ever given out or used (one transaction, rows locked);
 * the codes keep their values reserved. Refuses a batch being generated, and one with codes in use.
 */
export const deleteUnusedBatchStep = createStep(
  "delete-unused-coupon-batch",
  async (input: DeleteUnusedBatchStepInput, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const outcome = await service.deleteUnusedCouponBatch(input)
    if (!outcome) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon batch with id: ${input.batch_id} was not found`)
    }
    if ("refused" in outcome) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        outcome.refused === "running"
          ? `Coupon batch ${input.batch_id} is being generated; delete it once it has completed or failed`
          : `Coupon batch ${input.batch_id} has ${outcome.in_use} code${outcome.in_use === 1 ? "" : "s"} given out or used; only a batch none of whose codes left the pool can be deleted`
      )
    }
    return new StepResponse({ id: input.batch_id, codes_removed: outcome.removed })
  }
)
