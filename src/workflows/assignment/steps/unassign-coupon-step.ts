import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

/**
 * No compensation on purpose: this is the workflow's only write, and the step after it (emitEventStep) only
 * buffers the event, so there is nothing after it that could fail and leave a half-done unassignment.
 */
export const unassignCouponStep = createStep(
  "unassign-coupon",
  async (input: { coupon_id: string; promotion?: string }, { container }) => {
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    const result = await couponModule.unassignCoupon(input)
    return new StepResponse(result)
  }
)
