import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { couponService, PROMOTION_SETUP_FIELDS, PromotionSetup, StoredPromotion } from "./promotion-lookups"

export type UpdateCouponPromotionStepInput = {
  existing: StoredPromotion
  data: PromotionSetup
}

export const updateCouponPromotionStepId = "update-coupon-promotion"

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a instanceof Date ? a.toISOString() : a ?? null) ===
  JSON.stringify(b instanceof Date ? b.toISOString() : b ?? null)

/** Writes the fields whose value changes; rollback writes their previous values back. */
export const updateCouponPromotionStep = createStep(
  updateCouponPromotionStepId,
  async ({ existing, data }: UpdateCouponPromotionStepInput, { container }) => {
    const changed = PROMOTION_SETUP_FIELDS.filter((field) => {
      const before = existing[field]
      const after = data[field]
      if (field === "discount_value" || field === "min_purchase") {
        return Number(before) !== Number(after)
      }
      if (field === "starts_at" || field === "ends_at") {
        return (before ? new Date(before as Date).getTime() : null) !== (after ? new Date(after as Date).getTime() : null)
      }
      return !same(before, after)
    })
    const update = Object.fromEntries(changed.map((f) => [f, data[f]]))
    const previous = Object.fromEntries(changed.map((f) => [f, existing[f]]))
    const promotion = (changed.length
      ? // Conditional on the promotion still not being archived (row-locked), whatever was read before.
        await couponService(container).updateOpenCouponPromotion(existing.id, update)
      : existing) as unknown as StoredPromotion
    return new StepResponse({ promotion, changed: changed as string[] }, { id: existing.id, previous })
  },
  async (undo, { container }) => {
    if (undo && Object.keys(undo.previous).length) {
      await couponService(container).updateCouponPromotions({ id: undo.id, ...undo.previous } as any)
    }
  }
)
