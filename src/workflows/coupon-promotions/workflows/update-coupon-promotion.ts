import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CouponPromotionEvents } from "../events"
import {
  CouponPromotionSetupInput,
  resolveCouponPromotionSetupStep,
} from "../steps/resolve-coupon-promotion-setup-step"
import { updateCouponPromotionStep } from "../steps/update-coupon-promotion-step"

export type UpdateCouponPromotionWorkflowInput = { id: string; update: CouponPromotionSetupInput }

export const updateCouponPromotionWorkflowId = "update-coupon-promotion"

/**
 * Changes a promotion's setup. The request is merged onto the stored promotion and the whole result must pass the
 * same rules as a create. Refused for archived promotions, and for coupon type / discount / currency once any
 * code has been used. Emits coupon_promotion.updated when something changed.
 */
export const updateCouponPromotionWorkflow = createWorkflow(
  updateCouponPromotionWorkflowId,
  (input: WorkflowData<UpdateCouponPromotionWorkflowInput>) => {
    const resolved = resolveCouponPromotionSetupStep({ id: input.id, input: input.update })
    const stepInput = transform({ resolved }, ({ resolved }) => ({ existing: resolved.existing!, data: resolved.data }))
    const result = updateCouponPromotionStep(stepInput)
    when({ result }, ({ result }) => result.changed.length > 0).then(() => {
      const event = transform({ result, input }, ({ result, input }) => ({ id: input.id, fields: result.changed }))
      emitEventStep({ eventName: CouponPromotionEvents.UPDATED, data: event })
    })
    return new WorkflowResponse(result.promotion)
  }
)
