import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

export const deleteAssignmentRuleStep = createStep(
  "delete-coupon-assignment-rule",
  async (id: string, { container }) => {
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    await couponModule.retrieveCouponAssignmentRule(id, { select: ["id"] })
    await couponModule.softDeleteCouponAssignmentRules(id)
    return new StepResponse(id, id)
  },
  async (id, { container }) => {
    if (id) {
      await container.resolve<CouponModuleService>(COUPON_MODULE).restoreCouponAssignmentRules(id)
    }
  }
)
