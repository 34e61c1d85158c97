import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import type { VoidCouponsInput } from "../../../modules/coupon/void-codes"

/**
 * Voids one unused code, or every unused code of a batch, with the counters (see the module's void-codes.ts).
 * No compensation, on purpose: a void is never undone (its code may already have been refused at a checkout), this
 * is the workflow's only write, and the step after it (emitEventStep) only buffers the event.
 */
export const voidCouponsStep = createStep("void-coupons", async (input: VoidCouponsInput, { container }) => {
  const service: CouponModuleService = container.resolve(COUPON_MODULE)
  return new StepResponse(await service.voidCoupons(input))
})
