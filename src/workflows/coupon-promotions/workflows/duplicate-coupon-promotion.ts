import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CouponPromotionEvents } from "../events"
import { createCouponPromotionStep } from "../steps/create-coupon-promotion-step"
import {
  PrepareCouponPromotionCopyInput,
  prepareCouponPromotionCopyStep,
} from "../steps/prepare-coupon-promotion-copy-step"
import { resolveCouponPromotionSetupStep } from "../steps/resolve-coupon-promotion-setup-step"

export type DuplicateCouponPromotionWorkflowInput = PrepareCouponPromotionCopyInput

export const duplicateCouponPromotionWorkflowId = "duplicate-coupon-promotion"

/**
 * uStore's "Duplicate": a new promotion with the same rules and a new custom ID, without codes. Works on archived
 * promotions (the only way to bring an archived setup back). The copy is checked like a create, so it fails if,
 * say, a targeted product was deleted meanwhile. Emits coupon_promotion.created with `duplicated_from`.
 */
export const duplicateCouponPromotionWorkflow = createWorkflow(
  duplicateCouponPromotionWorkflowId,
  (input: WorkflowData<DuplicateCouponPromotionWorkflowInput>) => {
    const copy = prepareCouponPromotionCopyStep(input)
    const setupInput = transform({ copy }, ({ copy }) => ({ input: copy.input }))
    const resolved = resolveCouponPromotionSetupStep(setupInput)
    const data = transform({ resolved }, ({ resolved }) => resolved.data)
    const promotion = createCouponPromotionStep(data)
    const event = transform({ promotion, copy }, ({ promotion, copy }) => ({
      id: promotion.id,
      duplicated_from: copy.source_id,
    }))
    emitEventStep({ eventName: CouponPromotionEvents.CREATED, data: event })
    return new WorkflowResponse(promotion)
  }
)
