import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { couponService, PromotionSetup } from "./promotion-lookups"

export const createCouponPromotionStepId = "create-coupon-promotion"

/** Stores a resolved setup as a new promotion (counters start at zero); rollback hard-deletes it (it owns nothing yet). */
export const createCouponPromotionStep = createStep(
  createCouponPromotionStepId,
  async (data: PromotionSetup, { container }) => {
    const promotion = await couponService(container).createCouponPromotions(data as any)
    return new StepResponse(promotion, promotion.id)
  },
  async (id, { container }) => {
    if (id) {
      await couponService(container).deleteCouponPromotions([id])
    }
  }
)
