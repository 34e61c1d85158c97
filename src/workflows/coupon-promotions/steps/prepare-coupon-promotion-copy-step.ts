import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { couponService, loadPromotion, PROMOTION_SETUP_FIELDS } from "./promotion-lookups"
import type { CouponPromotionSetupInput } from "./resolve-coupon-promotion-setup-step"

export type PrepareCouponPromotionCopyInput = {
  id: string
  custom_id?: string
  name?: string
}

export const prepareCouponPromotionCopyStepId = "prepare-coupon-promotion-copy"

const MAX_CUSTOM_ID = 64

/**
 * The create request for a copy of a promotion (archived ones included: uStore's way back from the archive).
 * Same rules, no codes (codes are unique system-wide), counters at zero, not archived. A relative time span
 * ("N days from today") starts again from today; a fixed range is copied as it is.
 */
export const prepareCouponPromotionCopyStep = createStep(
  prepareCouponPromotionCopyStepId,
  async (input: PrepareCouponPromotionCopyInput, { container }) => {
    const source = await loadPromotion(container, input.id)
    const copy: CouponPromotionSetupInput = Object.fromEntries(
      PROMOTION_SETUP_FIELDS.map((field) => [field, source[field]])
    )
    // The money travels as the currency rows (issue 17); the engine refuses rows sent with the single-currency
    // amounts, which are only their main currency's reading.
    delete copy.min_purchase
    delete copy.max_discount
    delete copy.budget
    if (source.discount_type === "fixed") {
      delete copy.discount_value
    }
    if (source.time_span_type === "relative") {
      delete copy.starts_at
      delete copy.ends_at
    }
    copy.name = input.name ?? `${source.name} (copy)`.slice(0, 255)
    copy.custom_id = input.custom_id ?? (await freeCopyId(container, source.custom_id))
    return new StepResponse({ source_id: source.id, input: copy })
  }
)

/** "<id>-copy", else "<id>-copy-2", "-copy-3"… : the first one no live promotion uses. */
async function freeCopyId(container: Parameters<typeof couponService>[0], base: string): Promise<string> {
  const candidates = Array.from({ length: 20 }, (_, i) => {
    const suffix = i === 0 ? "-copy" : `-copy-${i + 1}`
    return base.slice(0, MAX_CUSTOM_ID - suffix.length) + suffix
  })
  const taken = await couponService(container).listCouponPromotions(
    { custom_id: candidates },
    { select: ["custom_id"] }
  )
  const used = new Set(taken.map((p) => p.custom_id))
  const free = candidates.find((c) => !used.has(c))
  // Twenty copies of one promotion: fall back to a timestamp rather than refusing the duplicate.
  return free ?? base.slice(0, MAX_CUSTOM_ID - 15) + `-copy-${Date.now()}`
}
