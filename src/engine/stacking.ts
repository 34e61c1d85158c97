/**
 * Which codes may share a cart (issue 16): per promotion `combinable_with_native` (Medusa promotion codes) and
 * `combinable_with_coupons` (codes of other coupon promotions), and the store-wide `maxCouponsPerCart`. The code
 * added later is the one refused; the cart keeps what it had. Pure: callers pass what the cart holds.
 */
import { CouponEligibility, RefusalDetails } from "./eligibility"

export interface StackingPromotionInput {
  id: string
  combinable_with_native?: boolean | null
  combinable_with_coupons?: boolean | null
}

export interface HeldCouponInput {
  code: string
  promotion: StackingPromotionInput
}

type Refusal = Extract<CouponEligibility, { ok: false }>

const combinesWithNative = (promotion: StackingPromotionInput) => promotion.combinable_with_native !== false
const combinesWithCoupons = (promotion: StackingPromotionInput) => promotion.combinable_with_coupons !== false

export function notCombinable(conflictingCode: string): Refusal {
  const details: RefusalDetails = { conflicting_code: conflictingCode }
  return {
    ok: false,
    reason: "not_combinable",
    message: `This code cannot be combined with ${conflictingCode}`,
    details,
  }
}

export function tooManyCoupons(max: number): Refusal {
  return {
    ok: false,
    reason: "too_many_coupons",
    message: max === 1 ? "An order can use only one coupon" : `An order can use at most ${max} coupons`,
    details: { max_coupons: max },
  }
}

/** Whether `other` (a held coupon) and `candidate` may not share a cart. */
function couponConflict(candidate: StackingPromotionInput, other: HeldCouponInput): boolean {
  return other.promotion.id !== candidate.id && (!combinesWithCoupons(candidate) || !combinesWithCoupons(other.promotion))
}

/**
 * Whether a coupon may join a cart holding `held` coupons (of other promotions: a code of the same promotion
 * replaces its sibling) and `nativeCodes` (Medusa promotion codes). Null when it may.
 */
export function checkCouponStacking(input: {
  candidate: StackingPromotionInput
  held: readonly HeldCouponInput[]
  nativeCodes: readonly string[]
  maxCouponsPerCart?: number | null
}): Refusal | null {
  const others = input.held.filter((entry) => entry.promotion.id !== input.candidate.id)
  const max = input.maxCouponsPerCart
  if (typeof max === "number" && max > 0 && others.length + 1 > max) {
    return tooManyCoupons(max)
  }
  if (!combinesWithNative(input.candidate) && input.nativeCodes.length) {
    return notCombinable(input.nativeCodes[0])
  }
  const conflict = others.find((other) => couponConflict(input.candidate, other))
  return conflict ? notCombinable(conflict.code) : null
}

/** Whether Medusa promotion codes may be added to a cart holding `held` coupons. Null when they may. */
export function checkNativeStacking(input: { held: readonly HeldCouponInput[]; newNativeCodes: readonly string[] }) {
  if (!input.newNativeCodes.length) {
    return null
  }
  const blocker = input.held.find((entry) => !combinesWithNative(entry.promotion))
  return blocker ? notCombinable(blocker.code) : null
}

/**
 * The coupons of a cart that may discount it, in stacking order (oldest first): each is checked against the ones
 * already kept, the native codes on the cart, and the per-cart maximum, as if added in that order. Used on every
 * refresh and at completion, so a flag an admin changed after the codes were applied is honoured: the later code
 * yields. Returns the refusal of each code that yields, by index.
 */
export function resolveStacking(input: {
  coupons: readonly HeldCouponInput[]
  nativeCodes: readonly string[]
  maxCouponsPerCart?: number | null
}): Map<number, Refusal> {
  const kept: HeldCouponInput[] = []
  const refused = new Map<number, Refusal>()
  input.coupons.forEach((entry, index) => {
    const refusal = checkCouponStacking({
      candidate: entry.promotion,
      held: kept,
      nativeCodes: input.nativeCodes,
      maxCouponsPerCart: input.maxCouponsPerCart,
    })
    if (refusal) {
      refused.set(index, refusal)
    } else {
      kept.push(entry)
    }
  })
  return refused
}
