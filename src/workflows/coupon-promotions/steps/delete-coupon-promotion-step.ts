import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { ARCHIVED_READ_ONLY, couponService, loadPromotion } from "./promotion-lookups"

export const deleteCouponPromotionStepId = "delete-coupon-promotion"

/**
 * Deletes a promotion that never had a code used, with its batches and codes (soft delete: the codes keep their
 * place in the system-wide unique index, since they may already be printed or mailed). A promotion with used codes
 * has history (orders, balances) and is archived instead; an archived one is read-only.
 */
export const deleteCouponPromotionStep = createStep(
  deleteCouponPromotionStepId,
  async ({ id }: { id: string }, { container }) => {
    const promotion = await loadPromotion(container, id)
    if (promotion.archived_at) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, ARCHIVED_READ_ONLY)
    }
    const service = couponService(container)
    if (await service.hasCouponPromotionBeenUsed(id)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Coupon promotion ${promotion.custom_id} cannot be deleted: some of its codes have been used. Archive it instead.`
      )
    }
    const at = new Date()
    await service.softDeleteCouponPromotionTree(id, at)
    return new StepResponse({ id }, { id, at })
  },
  async (undo, { container }) => {
    if (undo) {
      await couponService(container).restoreCouponPromotionTree(undo.id, undo.at)
    }
  }
)
