import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

/** The promotion codes are added to: it must exist (404) and not be archived. */
export const retrieveOpenPromotionStep = createStep(
  "retrieve-open-coupon-promotion",
  async ({ promotion_id }: { promotion_id: string }, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const promotion = await service.retrieveCouponPromotion(promotion_id, {
      select: ["id", "custom_id", "archived_at"],
    })
    if (promotion.archived_at) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Coupon promotion ${promotion.custom_id} is archived: no codes can be added to it`
      )
    }
    return new StepResponse({ id: promotion.id, custom_id: promotion.custom_id })
  }
)
