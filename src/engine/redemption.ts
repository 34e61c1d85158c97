/**
 * What recording or releasing one use of a coupon does to its counters, and whether a cart may still redeem it:
 * the decisions the checkout reservation makes with the promotion and coupon rows locked. Pure, so the SQL in
 * src/modules/coupon/redemption/ only reads rows, asks here, and writes the answer.
 */
import { remainingBalance } from "./discount"
import {
  CouponEligibility,
  CouponInput,
  CouponPromotionInput,
  CouponState,
  CustomerUsageInput,
  RefusalDetails,
  checkCouponEligibility,
  couponUsageState,
  isCustomerExhausted,
} from "./eligibility"
import { CartInput } from "./discount"
import { orderDiscountCapMinor } from "./limits"
import { promotionInCurrency } from "./currency-amounts"
import {
  ExactDecimal,
  Numeric,
  addDecimals,
  compareDecimals,
  currencyPrecision,
  decimalToMinorUnits,
  parseDecimal,
  subtractDecimals,
} from "./money"

export const REDEMPTION_MESSAGES = {
  /** The cart carries more than the personal balance has left (another order spent it meanwhile). */
  balance_changed: "The coupon balance has changed. Review your cart and try again",
  /** The cart carries a coupon discount for a code that is no longer applied to it. */
  discount_out_of_date: "The coupon discount on this cart is out of date. Review your cart and try again",
} as const

export type RedemptionRefusalReason = "balance_changed" | "discount_out_of_date"

export type RedemptionDecision =
  | { ok: true }
  | {
      ok: false
      reason: RedemptionRefusalReason | Extract<CouponEligibility, { ok: false }>["reason"]
      message: string
      details?: RefusalDetails
    }

/** Decimal text of an exact decimal, no rounding ("12.5" stays "12.5"). */
export function decimalText(value: ExactDecimal): string {
  const negative = value.units < BigInt(0)
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, "0")
  const whole = value.scale ? digits.slice(0, -value.scale) : digits
  const fraction = value.scale ? `.${digits.slice(-value.scale)}`.replace(/\.?0+$/, "") : ""
  return `${negative ? "-" : ""}${whole}${fraction}`
}

/** Σ of amounts, exactly, as decimal text: what a coupon's adjustments on a cart add up to. */
export function sumAmounts(amounts: readonly Numeric[]): string {
  return decimalText(
    amounts.reduce<ExactDecimal>((sum, amount) => addDecimals(sum, parseDecimal(amount)), {
      units: BigInt(0),
      scale: 0,
    })
  )
}

function isBalanceCoupon(promotion: Pick<CouponPromotionInput, "coupon_type" | "discount_type">) {
  return promotion.coupon_type === "personal" && promotion.discount_type === "fixed"
}

/**
 * The completion re-check of one applied coupon: every rule of checkCouponEligibility on the locked rows, then the
 * personal balance against what the cart actually carries (`amount`, the sum of the coupon's adjustments, which the
 * order keeps). `customerUsage` must not count the cart being completed.
 */
export function checkRedemption(input: {
  promotion: CouponPromotionInput | null | undefined
  coupon: CouponInput | null | undefined
  cart: CartInput
  customerUsage: CustomerUsageInput
  amount: Numeric
  now: Date
}): RedemptionDecision {
  const eligibility = checkCouponEligibility(input)
  if (!eligibility.ok) {
    return eligibility.details
      ? { ok: false, reason: eligibility.reason, message: eligibility.message, details: eligibility.details }
      : { ok: false, reason: eligibility.reason, message: eligibility.message }
  }
  const promotion = input.promotion!
  if (isBalanceCoupon(promotion)) {
    const balance = remainingBalance(promotion, input.coupon, currencyPrecision(promotion.currency_code))
    if (balance !== null && compareDecimals(parseDecimal(input.amount), parseDecimal(balance)) > 0) {
      return { ok: false, reason: "balance_changed", message: REDEMPTION_MESSAGES.balance_changed }
    }
  }
  // The budget another order spent meanwhile, or a cap the admin lowered: the cart was priced on more than is left.
  const precision = currencyPrecision(input.cart.currency_code)
  const cap = orderDiscountCapMinor(promotionInCurrency(promotion, input.cart.currency_code) ?? promotion, precision)
  if (cap !== null && decimalToMinorUnits(parseDecimal(input.amount), precision, "ceil") > cap) {
    return { ok: false, reason: "discount_out_of_date", message: REDEMPTION_MESSAGES.discount_out_of_date }
  }
  return { ok: true }
}

export type CouponCounters = {
  state: CouponState
  customer_id: string | null
  uses_count: number
  customers_count: number
  customers_exhausted: number
  /** Decimal text; null for coupons without a balance. */
  amount_used: string | null
}

export type RedemptionEffect = {
  coupon: CouponCounters
  /** What the promotion's (and batch's) counters move by. */
  delta: { customers_used: number; customers_exhausted: number }
  /** Reserve: whether this use made its customer count towards "first N customers". */
  counted_customer: boolean
}

/**
 * One more use. `customerUses` is the customer's other live uses of this coupon; `customer_id` null (a cart without
 * any customer record) counts as a new customer every time, the strict reading of "first N customers".
 * `bindCustomer` gives an unowned personal coupon to the customer.
 */
export function recordUseEffect(input: {
  promotion: CouponPromotionInput
  coupon: CouponCounters
  customer_id: string | null
  customerUses: number
  amount: Numeric
  bindCustomer?: boolean
}): RedemptionEffect {
  const { promotion, coupon } = input
  const before = input.customer_id ? Math.max(0, input.customerUses) : 0
  const counted = before === 0
  const exhaustedBefore = before > 0 && isCustomerExhausted(promotion, before)
  const exhaustedAfter = isCustomerExhausted(promotion, before + 1)
  const exhaustedDelta = (exhaustedAfter ? 1 : 0) - (exhaustedBefore ? 1 : 0)
  const next: CouponCounters = {
    ...coupon,
    customer_id: input.bindCustomer && !coupon.customer_id ? input.customer_id : coupon.customer_id,
    uses_count: coupon.uses_count + 1,
    customers_count: coupon.customers_count + (counted ? 1 : 0),
    customers_exhausted: coupon.customers_exhausted + exhaustedDelta,
    amount_used: isBalanceCoupon(promotion)
      ? decimalText(addDecimals(parseDecimal(coupon.amount_used ?? 0), parseDecimal(input.amount)))
      : coupon.amount_used,
  }
  next.state = couponUsageState(promotion, couponCounters(next))
  return {
    coupon: next,
    delta: { customers_used: counted ? 1 : 0, customers_exhausted: exhaustedDelta },
    counted_customer: counted,
  }
}

/**
 * One use less (a released reservation, a canceled order). `customerUses` is the customer's live uses of this coupon
 * INCLUDING the one released. `unbindCustomer`: the use had given an unowned personal coupon to the customer; when
 * no use is left the coupon goes back to the pool.
 */
export function releaseUseEffect(input: {
  promotion: CouponPromotionInput
  coupon: CouponCounters
  customer_id: string | null
  customerUses: number
  amount: Numeric
  unbindCustomer?: boolean
}): RedemptionEffect & { uncounted_customer: boolean } {
  const { promotion, coupon } = input
  const before = input.customer_id ? Math.max(1, input.customerUses) : 1
  const after = before - 1
  const uncounted = after === 0
  const exhaustedBefore = isCustomerExhausted(promotion, before)
  const exhaustedAfter = after > 0 && isCustomerExhausted(promotion, after)
  const exhaustedDelta = (exhaustedAfter ? 1 : 0) - (exhaustedBefore ? 1 : 0)
  const uses = Math.max(0, coupon.uses_count - 1)
  let amountUsed = coupon.amount_used
  if (isBalanceCoupon(promotion) && amountUsed !== null) {
    const left = subtractDecimals(parseDecimal(amountUsed), parseDecimal(input.amount))
    amountUsed = left.units < BigInt(0) ? "0" : decimalText(left)
  }
  const next: CouponCounters = {
    ...coupon,
    customer_id: input.unbindCustomer && uses === 0 ? null : coupon.customer_id,
    uses_count: uses,
    customers_count: Math.max(0, coupon.customers_count - (uncounted ? 1 : 0)),
    customers_exhausted: Math.max(0, coupon.customers_exhausted + exhaustedDelta),
    amount_used: amountUsed,
  }
  // couponUsageState keeps "void" and otherwise derives the state from the counters, "assigned" included.
  next.state = couponUsageState(promotion, couponCounters(next))
  return {
    coupon: next,
    delta: { customers_used: uncounted ? -1 : 0, customers_exhausted: exhaustedDelta },
    counted_customer: false,
    uncounted_customer: uncounted,
  }
}

/** Just the counters of a coupon (a locked coupon row carries more columns): what the effects above compute on. */
export function couponCounters(coupon: CouponCounters): CouponCounters {
  return {
    state: coupon.state,
    customer_id: coupon.customer_id,
    uses_count: coupon.uses_count,
    customers_count: coupon.customers_count,
    customers_exhausted: coupon.customers_exhausted,
    amount_used: coupon.amount_used,
  }
}
