import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

export type CreateAssignmentRuleData = {
  name?: string | null
  event_name: string
  promotion_id: string
  customer_id_path: string
  resolve_customer_from: "customer" | "order"
  enabled: boolean
  metadata?: Record<string, unknown> | null
}

export const createAssignmentRuleStep = createStep(
  "create-coupon-assignment-rule",
  async (data: CreateAssignmentRuleData, { container }) => {
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    const rule = await couponModule.createCouponAssignmentRules(data)
    return new StepResponse(rule, rule.id)
  },
  async (id, { container }) => {
    if (id) {
      await container.resolve<CouponModuleService>(COUPON_MODULE).deleteCouponAssignmentRules(id)
    }
  }
)
