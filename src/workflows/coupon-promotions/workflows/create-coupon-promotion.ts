import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CouponPromotionEvents } from "../events"
import { createCouponPromotionStep } from "../steps/create-coupon-promotion-step"
import {
  CouponPromotionSetupInput,
  resolveCouponPromotionSetupStep,
} from "../steps/resolve-coupon-promotion-setup-step"

export type CreateCouponPromotionWorkflowInput = CouponPromotionSetupInput & { custom_id: string; name: string }

export const createCouponPromotionWorkflowId = "create-coupon-promotion"

/**
 * uStore's "Coupon Batch Setup" / User.com's "Start new promotion": validates every rule and combination, fixes a
 * relative time span into dates, stores the promotion (no codes yet) and emits coupon_promotion.created.
 */
export const createCouponPromotionWorkflow = createWorkflow(
  createCouponPromotionWorkflowId,
  (input: WorkflowData<CreateCouponPromotionWorkflowInput>) => {
    const resolved = resolveCouponPromotionSetupStep({ input })
    const data = transform({ resolved }, ({ resolved }) => resolved.data)
    const promotion = createCouponPromotionStep(data)
    const event = transform({ promotion }, ({ promotion }) => ({ id: promotion.id }))
    emitEventStep({ eventName: CouponPromotionEvents.CREATED, data: event })
    return new WorkflowResponse(promotion)
  }
)
