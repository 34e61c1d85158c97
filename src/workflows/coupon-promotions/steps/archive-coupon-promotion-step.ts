import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { now } from "../../../lib/clock"
import { couponService, loadPromotion } from "./promotion-lookups"

export const archiveCouponPromotionStepId = "archive-coupon-promotion"

/**
 * Archives a promotion (uStore: "cannot be restored from the archive"). Only the workflow's own rollback can undo
 * it; the API has no unarchive. Archiving twice is refused so a client learns its view was stale.
 */
export const archiveCouponPromotionStep = createStep(
  archiveCouponPromotionStepId,
  async ({ id }: { id: string }, { container }) => {
    const at = now()
    const archived = await couponService(container).archiveCouponPromotionOnce(id, at)
    if (!archived) {
      await loadPromotion(container, id) // 404 when it does not exist
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Coupon promotion ${id} is already archived`)
    }
    return new StepResponse({ id, archived_at: at }, { id, at })
  },
  async (undo, { container }) => {
    if (undo) {
      await couponService(container).undoCouponPromotionArchive(undo.id, undo.at)
    }
  }
)
