import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

export type UpdateAssignmentRuleData = {
  id: string
  name?: string | null
  event_name?: string
  promotion_id?: string
  customer_id_path?: string
  resolve_customer_from?: "customer" | "order"
  enabled?: boolean
  metadata?: Record<string, unknown> | null
}

const FIELDS = ["name", "event_name", "promotion_id", "customer_id_path", "resolve_customer_from", "enabled", "metadata"]

export const updateAssignmentRuleStep = createStep(
  "update-coupon-assignment-rule",
  async (data: UpdateAssignmentRuleData, { container }) => {
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    const previous = await couponModule.retrieveCouponAssignmentRule(data.id, { select: ["id", ...FIELDS] })
    const rule = await couponModule.updateCouponAssignmentRules(data)
    return new StepResponse(rule, previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await container.resolve<CouponModuleService>(COUPON_MODULE).updateCouponAssignmentRules(previous as any)
    }
  }
)
