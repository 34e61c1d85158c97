/**
 * Promotion-wide limits (issue 16): how many orders all codes together may still take (`max_orders`), how much
 * discount is left in the budget, and the cap of a percentage discount per order. Pure: the checkout reads the
 * promotion's counters under its row lock and asks here.
 */
import { ExactDecimal, Numeric, decimalToMinorUnits, fromMinorUnits, parseDecimal, subtractDecimals } from "./money"

export interface PromotionLimitsInput {
  /** The currency of every amount below. */
  currency_code?: string | null
  /** Orders across all codes; null: no cap. */
  max_orders?: number | null
  /** Live (reserved or confirmed) redemptions across all codes. */
  orders_count?: number | null
  /** Total discount across all codes, in `currency_code`; null: no budget. */
  budget?: Numeric | null
  /** Live discount given so far, by lower-case currency (decimal text or numbers). */
  discount_used?: Record<string, Numeric> | null
  /** Percentage discounts: the most one order gets, in `currency_code`; null: no cap. */
  max_discount?: Numeric | null
  /** Per-currency rows (currency-amounts.ts): each may hold its own budget. */
  currency_amounts?: Record<string, { budget?: Numeric | null }> | null
}

export type PromotionCapCause = "max_orders_reached" | "budget_exhausted"

const ZERO = BigInt(0)

function usedIn(promotion: PromotionLimitsInput, currency: string): ExactDecimal {
  const used = promotion.discount_used?.[currency.toLowerCase()]
  return parseDecimal(used ?? 0)
}

function hasBudget(promotion: PromotionLimitsInput): boolean {
  return promotion.budget !== null && promotion.budget !== undefined && !!promotion.currency_code
}

/** What is left of the budget, exactly (may be ≤ 0); null without a budget. */
export function budgetLeft(promotion: PromotionLimitsInput): ExactDecimal | null {
  if (!hasBudget(promotion)) {
    return null
  }
  return subtractDecimals(parseDecimal(promotion.budget!), usedIn(promotion, promotion.currency_code!))
}

/** What is left of the budget in whole minor units, rounded down and never below zero; null without a budget. */
export function budgetRemainingMinor(promotion: PromotionLimitsInput, precision: number): bigint | null {
  const left = budgetLeft(promotion)
  if (!left) {
    return null
  }
  const minor = decimalToMinorUnits(left, precision, "floor")
  return minor > ZERO ? minor : ZERO
}

/** budgetRemainingMinor in the main unit, for responses and messages. */
export function budgetRemaining(promotion: PromotionLimitsInput, precision: number): number | null {
  const minor = budgetRemainingMinor(promotion, precision)
  return minor === null ? null : fromMinorUnits(minor, precision)
}

/** Which promotion-wide cap is used up, if any: every code then reads "expired" with this cause. */
export function promotionCapReached(promotion: PromotionLimitsInput): PromotionCapCause | null {
  const max = promotion.max_orders
  if (typeof max === "number" && max > 0 && (promotion.orders_count ?? 0) >= max) {
    return "max_orders_reached"
  }
  const rows = promotion.currency_amounts && Object.entries(promotion.currency_amounts)
  if (rows && rows.length) {
    // Used up only when every currency it is valid in has a budget and spent it; a cart in a currency with budget
    // left still gets it (eligibility reads the promotion in the cart's currency).
    const spent = rows.every(([code, row]) => {
      const left = budgetLeft({ currency_code: code, budget: row.budget ?? null, discount_used: promotion.discount_used })
      return !!left && left.units <= ZERO
    })
    return spent ? "budget_exhausted" : null
  }
  const left = budgetLeft(promotion)
  if (left && left.units <= ZERO) {
    return "budget_exhausted"
  }
  return null
}

/**
 * The most one order may get from this promotion, in minor units of the cart's currency, or null for no cap: the
 * percentage cap and what is left of the budget, whichever is lower. A cart in another currency than the
 * promotion's is refused by eligibility before this matters; amounts are read in `currency_code`.
 */
export function orderDiscountCapMinor(
  promotion: PromotionLimitsInput & { discount_type?: string | null },
  precision: number
): bigint | null {
  let cap: bigint | null = null
  if (promotion.discount_type === "percentage" && promotion.max_discount !== null && promotion.max_discount !== undefined) {
    const minor = decimalToMinorUnits(parseDecimal(promotion.max_discount), precision, "floor")
    cap = minor > ZERO ? minor : ZERO
  }
  const budget = budgetRemainingMinor(promotion, precision)
  if (budget !== null && (cap === null || budget < cap)) {
    cap = budget
  }
  return cap
}
