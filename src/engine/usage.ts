/**
 * "Usage Per Customer" and "Usage Per Promotion Code" as counts: what a customer has left, when "first N customers"
 * is full, and the state a code's counters put it in. Pure; eligibility.ts and the redemption writers use them.
 */
import type { CouponInput, CouponPromotionInput, CouponState, CustomerUsageInput } from "./eligibility"
import { remainingBalance } from "./discount"
import { currencyPrecision } from "./money"

/**
 * Uses a customer has left under "Usage Per Customer": one order → 1, "limited to … orders" → the limit, minus what
 * was used, never below 0; null means unlimited. A "limited" promotion without a limit is read as one order, the
 * strictest reading of an incomplete rule.
 */
export function remainingUses(
  promotion: Pick<CouponPromotionInput, "usage_per_customer" | "usage_per_customer_limit">,
  customerUsage: CustomerUsageInput
): number | null {
  const usage = promotion.usage_per_customer ?? "one_order"
  if (usage === "unlimited") {
    return null
  }
  const limit =
    usage === "limited" &&
    typeof promotion.usage_per_customer_limit === "number" &&
    promotion.usage_per_customer_limit > 0
      ? promotion.usage_per_customer_limit
      : 1
  return Math.max(0, limit - Math.max(0, customerUsage.uses))
}

/** True when a customer with `uses` uses has nothing left under the per-customer limit. */
export function isCustomerExhausted(
  promotion: Pick<CouponPromotionInput, "usage_per_customer" | "usage_per_customer_limit">,
  uses: number
): boolean {
  return remainingUses(promotion, { uses }) === 0
}

/** N of "first N customers", or null when the code has no such limit. */
export function firstCustomersLimit(
  promotion: Pick<CouponPromotionInput, "coupon_type" | "usage_per_code" | "usage_per_code_limit">
): number | null {
  // uStore offers "Usage Per Promotion Code" only for promotion codes; a personal coupon has one customer anyway.
  const limit = promotion.usage_per_code_limit
  if (
    promotion.coupon_type === "promotion_code" &&
    promotion.usage_per_code === "first_customers" &&
    typeof limit === "number" &&
    limit > 0
  ) {
    return limit
  }
  return null
}

export function promotionPrecision(promotion: Pick<CouponPromotionInput, "currency_code">): number {
  return currencyPrecision(promotion.currency_code)
}

/**
 * The state a coupon's counters put it in (uStore "Used: Fully / Partially"): the writes that record or release a
 * redemption call this after updating uses_count, amount_used, customers_count and customers_exhausted.
 * - personal: fully used when its balance is spent or its owner has no use left ("Limited to one order … will
 *   expire after one use even if the entire discount sum has not been used");
 * - promotion code: fully used when "first N customers" is full and each of them has no use left.
 * A void coupon stays void.
 */
export function couponUsageState(promotion: CouponPromotionInput, coupon: CouponInput): CouponState {
  if (coupon.state === "void") {
    return "void"
  }
  const uses = coupon.uses_count ?? 0
  if (uses <= 0) {
    return coupon.customer_id ? "assigned" : "unassigned"
  }
  if (promotion.coupon_type === "personal") {
    const balance = remainingBalance(promotion, coupon, promotionPrecision(promotion))
    if ((balance !== null && balance <= 0) || isCustomerExhausted(promotion, uses)) {
      return "used_fully"
    }
    return "used_partially"
  }
  const limit = firstCustomersLimit(promotion)
  if (limit !== null) {
    if ((coupon.customers_count ?? 0) >= limit && (coupon.customers_exhausted ?? 0) >= limit) {
      return "used_fully"
    }
  }
  return "used_partially"
}

