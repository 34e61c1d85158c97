import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { futureExpiry } from "./expiry-date"

export type SetBatchExpiryStepInput = { promotion_id: string; batch_id: string; expires_at: string }

/**
 * Sets the expiry of a batch's codes that can still be used or given (see the module's code-expiry.ts). No
 * compensation: it is the workflow's only write, and what it overwrote (each code's own expiry, up to millions of
 * them) is not worth carrying through the workflow's checkpoints.
 */
export const setBatchExpiryStep = createStep(
  "set-coupon-batch-expiry",
  async (input: SetBatchExpiryStepInput, { container }) => {
    const expires_at = futureExpiry(input.expires_at)
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const { updated } = await service.setBatchCouponExpiry({
      promotion_id: input.promotion_id,
      batch_id: input.batch_id,
      expires_at,
    })
    return new StepResponse({ updated, expires_at })
  }
)
