import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { assignmentRuleEventNames } from "../rule-events"

export type ValidateAssignmentRuleInput = { event_name?: string; promotion?: string }

/**
 * A rule must name an event the plugin listens to (otherwise it would silently never fire) and a promotion that
 * exists and is not archived. Returns the promotion's id, whichever of id or custom ID was given.
 */
export const validateAssignmentRuleStep = createStep(
  "validate-coupon-assignment-rule",
  async (input: ValidateAssignmentRuleInput, { container }) => {
    if (input.event_name !== undefined) {
      const events = assignmentRuleEventNames(container)
      if (!events.includes(input.event_name)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Event ${input.event_name} is not one assignment rules listen to (${events.join(", ")}): add it to the ` +
            `plugin option assignmentRuleEvents`
        )
      }
    }
    if (input.promotion === undefined) {
      return new StepResponse({ promotion_id: undefined as string | undefined })
    }
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    const [promotion] = await couponModule.listCouponPromotions(
      { $or: [{ id: input.promotion }, { custom_id: input.promotion }] },
      { select: ["id", "custom_id", "archived_at"] }
    )
    if (!promotion) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon promotion ${input.promotion} was not found`)
    }
    if (promotion.archived_at) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Coupon promotion ${promotion.custom_id} is archived: its codes can no longer be given`
      )
    }
    return new StepResponse({ promotion_id: promotion.id as string | undefined })
  }
)
