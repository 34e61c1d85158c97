import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { ARCHIVED_READ_ONLY, loadPromotion } from "../../coupon-promotions/steps/promotion-lookups"
import type { CouponPromotionSetupInput } from "../../coupon-promotions/steps/resolve-coupon-promotion-setup-step"
import { futureExpiry } from "./expiry-date"

/**
 * The time-span change that makes a promotion end at the new date: a range from its start (a relative span was fixed
 * into dates when saved, and becomes that range) to `expires_at`. Refused for archived promotions, for a promotion
 * without an end (unlimited time span: there is nothing to extend) and for a date already past. Writes nothing.
 */
export const preparePromotionExpiryStep = createStep(
  "prepare-coupon-promotion-expiry",
  async (input: { id: string; expires_at: string }, { container }) => {
    const promotion = await loadPromotion(container, input.id)
    if (promotion.archived_at) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, ARCHIVED_READ_ONLY)
    }
    if (promotion.time_span_type === "unlimited" || !promotion.ends_at) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Coupon promotion ${promotion.custom_id} has no end date (its time span is unlimited): there is nothing to extend`
      )
    }
    const ends_at = futureExpiry(input.expires_at)
    if (promotion.starts_at && ends_at.getTime() <= new Date(promotion.starts_at).getTime()) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Field 'expires_at' must be after the promotion's start (${new Date(promotion.starts_at).toISOString()})`
      )
    }
    const update: CouponPromotionSetupInput = { time_span_type: "range", starts_at: promotion.starts_at, ends_at }
    return new StepResponse(update)
  }
)
