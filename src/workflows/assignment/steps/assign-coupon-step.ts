import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import type { AssignedCouponRow } from "../../../modules/coupon/assignment"

export type AssignCouponStepInput = { promotion: string; customer_id: string }

export type AssignCouponStepOutput = {
  coupon: AssignedCouponRow
  promotion: { id: string; custom_id: string; name: string }
  created: boolean
  codes_unassigned: number
  low_stock_threshold: number
  /** True when this give made the unassigned pool reach the threshold (the event fires once per crossing). */
  low_stock_reached: boolean
  warning: string | null
}

export const assignCouponStepId = "assign-coupon"

export const assignCouponStep = createStep(
  assignCouponStepId,
  async (input: AssignCouponStepInput, { container }) => {
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    const result = await couponModule.assignCoupon(input)
    const threshold = result.promotion.low_stock_threshold ?? couponModule.getOptions().lowStockThreshold
    const output: AssignCouponStepOutput = {
      coupon: result.coupon,
      promotion: { id: result.promotion.id, custom_id: result.promotion.custom_id, name: result.promotion.name },
      created: result.created,
      codes_unassigned: result.codes_unassigned,
      low_stock_threshold: threshold,
      low_stock_reached: result.created && result.codes_unassigned === threshold,
      warning:
        result.created && result.codes_unassigned <= threshold
          ? `Only ${result.codes_unassigned} unassigned codes left in coupon promotion ${result.promotion.custom_id}`
          : null,
    }
    return new StepResponse(output, result.created ? result.coupon.id : null)
  },
  async (couponId, { container }) => {
    if (!couponId) {
      return
    }
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    await couponModule.unassignCoupon({ coupon_id: couponId })
  }
)
