/**
 * Whether a coupon may be used on a cart right now, and the shopper-facing reason when not.
 * Called when a code is applied, on every cart refresh, and again at completion with the rows locked.
 */
import {
  CartInput,
  CouponBalanceInput,
  DiscountPromotionInput,
  cartPrecision,
  eligibleItems,
  eligibleSubtotal,
  remainingBalance,
} from "./discount"
import {
  ExactDecimal,
  Numeric,
  compareDecimals,
  decimalToMinorUnits,
  formatMoney,
  fromMinorUnits,
  minorUnitsToString,
  parseDecimal,
  subtractDecimals,
} from "./money"
import { acceptedCurrencies, CurrencyAmounts, promotionInCurrency } from "./currency-amounts"
import { firstCustomersLimit, promotionPrecision, remainingUses } from "./usage"
import {
  DateInput,
  PromotionStatusInput,
  computePromotionStatus,
  promotionExpiryCause,
  toOptionalDate,
} from "./promotion-status"

export { couponUsageState, isCustomerExhausted, remainingUses } from "./usage"

export type CouponState = "unassigned" | "assigned" | "used_partially" | "used_fully" | "void"

export interface CouponPromotionInput extends PromotionStatusInput, DiscountPromotionInput {
  coupon_type: "personal" | "promotion_code"
  /** Shown to shoppers while the promotion is inactive; falls back to COUPON_MESSAGES.inactive_default. */
  inactive_message?: string | null
  /** Null: valid in every sales channel. */
  sales_channel_id?: string | null
  /** Currency of a fixed discount and of the minimum purchase. */
  currency_code?: string | null
  /** Main currency unit, pre-tax, pre-shipping; 0 or null: no minimum. */
  min_purchase?: Numeric | null
  usage_per_customer?: "one_order" | "unlimited" | "limited" | null
  usage_per_customer_limit?: number | null
  /** Whose orders "Usage Per Customer" counts (the caller counts them into CustomerUsageInput.uses). */
  per_customer_scope?: "promotion" | "code" | null
  combinable_with_native?: boolean | null
  combinable_with_coupons?: boolean | null
  /** Amounts per currency (currency-amounts.ts); without rows the single-currency fields apply. */
  currency_amounts?: CurrencyAmounts | null
  /** Only logged-in members of one of these groups; empty or null: everyone. */
  customer_group_ids?: readonly string[] | null
  /** Only a shopper without an earlier completed, not canceled order. */
  first_order_only?: boolean | null
}

export interface CouponInput extends CouponBalanceInput {
  state?: CouponState | null
  /** Owner of a personal coupon (or the customer a promotion code was given to, which does not restrict it). */
  customer_id?: string | null
  expires_at?: DateInput | null
  uses_count?: number | null
  /** Customers counted towards "first N customers" on this code. */
  customers_count?: number | null
  /** Counted customers of this code with no use left; needed to tell when a "first N" code is used fully. */
  customers_exhausted?: number | null
}

export interface CustomerUsageInput {
  /**
   * The cart customer's non-released redemptions counted by "Usage Per Customer", not counting the cart being
   * checked (so a refresh of a cart that already holds the coupon, or the completion re-check, does not refuse it):
   * of this coupon (per_customer_scope "code"), or of every code of the promotion, guests matched by e-mail
   * ("promotion"). 0 for a guest without an e-mail.
   */
  uses: number
  /** The same count for this coupon only, for "first N customers" (a place is held per code). Default: `uses`. */
  code_uses?: number
  /**
   * The authenticated customer's groups (customer_group_ids). Undefined: not loaded, which refuses a group-only
   * promotion (the caller loads them whenever a promotion has groups).
   */
  group_ids?: readonly string[] | null
  /**
   * Earlier completed, not canceled orders of this customer or guest e-mail (first_order_only). Undefined: not
   * loaded, which refuses a first-order promotion.
   */
  prior_orders?: number | null
}

export type RefusalReason =
  | "invalid_code"
  | "inactive"
  | "not_yet_valid"
  | "expired"
  | "already_used"
  | "usage_limit_reached"
  | "wrong_sales_channel"
  | "wrong_currency"
  | "no_eligible_items"
  | "min_purchase_not_met"
  | "not_combinable"
  | "too_many_coupons"
  | "customer_group"
  | "not_first_order"

/**
 * Shopper-facing texts. Unknown, archived, void, someone else's personal coupon and any personal coupon without its
 * owner logged in all read the same, so nobody can probe which codes exist; the one text invites everyone to log in.
 */
export const COUPON_MESSAGES = {
  invalid_code: "The coupon code is invalid. If it was given to you personally, log in and try again.",
  /** Equals the model's DEFAULT_INACTIVE_MESSAGE; used when a promotion has no message of its own. */
  inactive_default: "The coupon is inactive until further notice",
  not_yet_valid: "This coupon is not valid yet",
  expired: "This coupon has expired",
  already_used: "You have already used this coupon",
  usage_limit_reached: "This coupon has reached its usage limit",
  wrong_sales_channel: "This coupon is not valid in this store",
  wrong_currency: "This coupon is not valid for the cart's currency",
  no_eligible_items: "This coupon does not apply to any product in your cart",
  not_combinable: "This code cannot be combined with the other codes in your cart",
  too_many_coupons: "Your cart already holds as many coupons as one order can use",
  customer_group: "This coupon is reserved for selected customers. If you are one of them, log in and try again.",
  not_first_order: "This coupon is only valid on your first order",
} as const

/** "Add 12.50 EUR more to use this coupon"; `missingAmount` is already formatted (see formatMoney). */
export function minPurchaseMessage(missingAmount: string): string {
  return `Add ${missingAmount} more to use this coupon`
}

export type ExpiredCause =
  | "ends_at"
  | "coupon_expires_at"
  | "used_up"
  | "balance_exhausted"
  | "max_orders_reached"
  | "budget_exhausted"

export interface RefusalDetails {
  /** not_yet_valid: when the coupon starts (ISO 8601), for a storefront that wants to show it. */
  starts_at?: string
  /** expired: what ran out. */
  cause?: ExpiredCause
  /** expired by date: when (ISO 8601). */
  expired_at?: string
  /** wrong_currency: the coupon's main currency. */
  expected_currency_code?: string
  /** wrong_currency: every currency the coupon has amounts in. */
  accepted_currency_codes?: string[]
  /** min_purchase_not_met: amounts in the main unit of `currency_code`. */
  min_purchase?: number
  eligible_subtotal?: number
  missing_amount?: number
  currency_code?: string
  /** not_combinable: the code in the cart this one cannot be combined with (a code the shopper applied). */
  conflicting_code?: string
  /** too_many_coupons: the store's maxCouponsPerCart. */
  max_coupons?: number
}

export type CouponEligibility =
  | { ok: true }
  | { ok: false; reason: RefusalReason; message: string; details?: RefusalDetails }

type Refusal = Extract<CouponEligibility, { ok: false }>

export function refuse(reason: Exclude<RefusalReason, "inactive" | "min_purchase_not_met">, details?: RefusalDetails): Refusal {
  return details
    ? { ok: false, reason, message: COUPON_MESSAGES[reason], details }
    : { ok: false, reason, message: COUPON_MESSAGES[reason] }
}

function checkUsage(
  promotion: CouponPromotionInput,
  coupon: CouponInput,
  customerUsage: CustomerUsageInput
): Refusal | null {
  if (promotion.coupon_type === "personal") {
    // One customer only, so the code's own count is that customer's count too; the larger guards against a caller
    // that counted the usage from a stale read.
    const uses = Math.max(customerUsage.uses, coupon.uses_count ?? 0)
    if (remainingUses(promotion, { uses }) === 0) {
      return refuse("already_used")
    }
    const balance = remainingBalance(promotion, coupon, promotionPrecision(promotion))
    if (balance !== null && balance <= 0) {
      return refuse("expired", { cause: "balance_exhausted" })
    }
    return null
  }
  if (remainingUses(promotion, customerUsage) === 0) {
    return refuse("already_used")
  }
  // A customer who already used the code holds one of the N places and may keep using it within the per-customer
  // limit (DESIGN §4); everyone else is turned away once N customers are counted.
  const limit = firstCustomersLimit(promotion)
  const codeUses = customerUsage.code_uses ?? customerUsage.uses
  if (limit !== null && codeUses <= 0 && (coupon.customers_count ?? 0) >= limit) {
    return refuse("usage_limit_reached")
  }
  return null
}

function toRoundedNumber(value: ExactDecimal, precision: number): number {
  return fromMinorUnits(decimalToMinorUnits(value, precision, "half_up"), precision)
}

/**
 * The checks, in the order a shopper should hear about them:
 * 1. identity (unknown, void, archived, a personal coupon without its owner logged in → one "invalid" text, so
 *    codes cannot be probed for existence, owners or history);
 * 2. promotion-wide state (inactive message, expired by date, not started yet);
 * 3. whether this store and currency can take it;
 * 4. this customer's and this code's usage (already used, first N customers full, balance spent, used up);
 * 5. the cart's content (targeted products present, minimum purchase with the missing amount).
 *
 * `cart.customer_id` is the authenticated shopper (the request's customer actor, and only while the cart is theirs),
 * never a customer Medusa attached to the cart by e-mail. A personal coupon nobody owns yet is accepted for a
 * logged-in customer: uStore's batches are downloaded and handed
 * out by email or print, so the first customer who redeems the code becomes its only user. The reservation must
 * bind coupon.customer_id under a row lock.
 */
export function checkCouponEligibility(input: {
  promotion: CouponPromotionInput | null | undefined
  coupon: CouponInput | null | undefined
  cart: CartInput
  customerUsage?: CustomerUsageInput | null
  now: Date
}): CouponEligibility {
  const { promotion, coupon, cart, now } = input
  const customerUsage = input.customerUsage ?? { uses: 0 }

  if (!promotion || !coupon || coupon.state === "void") {
    return refuse("invalid_code")
  }
  const status = computePromotionStatus(promotion, now)
  if (status === "archived") {
    return refuse("invalid_code")
  }
  if (
    promotion.coupon_type === "personal" &&
    (!cart.customer_id || (coupon.customer_id && coupon.customer_id !== cart.customer_id))
  ) {
    return refuse("invalid_code")
  }

  if (status === "inactive") {
    const message = promotion.inactive_message?.trim() ? promotion.inactive_message : COUPON_MESSAGES.inactive_default
    return { ok: false, reason: "inactive", message }
  }
  // "Used up" is reported after the usage checks below, which can say more precisely what ran out.
  if (promotionExpiryCause(promotion, now) === "ends_at") {
    return refuse("expired", { cause: "ends_at", expired_at: toOptionalDate(promotion.ends_at)?.toISOString() })
  }
  const couponExpiresAt = toOptionalDate(coupon.expires_at)
  if (couponExpiresAt && couponExpiresAt.getTime() <= now.getTime()) {
    return refuse("expired", { cause: "coupon_expires_at", expired_at: couponExpiresAt.toISOString() })
  }
  if (status === "scheduled") {
    return refuse("not_yet_valid", { starts_at: toOptionalDate(promotion.starts_at)?.toISOString() })
  }

  if (promotion.sales_channel_id && promotion.sales_channel_id !== cart.sales_channel_id) {
    return refuse("wrong_sales_channel")
  }
  // A percentage without money amounts works in any currency; a fixed amount, a minimum or a cap only in the
  // currencies it holds amounts for. From here on the promotion is read in the cart's currency.
  const inCurrency = promotionInCurrency(promotion, cart.currency_code)
  if (!inCurrency) {
    const accepted = acceptedCurrencies(promotion) ?? []
    return refuse("wrong_currency", {
      expected_currency_code: (promotion.currency_code ?? accepted[0] ?? "").trim().toUpperCase(),
      accepted_currency_codes: accepted,
    })
  }
  const audience = checkAudience(inCurrency, cart, customerUsage)
  if (audience) {
    return audience
  }

  const usageRefusal = checkUsage(inCurrency, coupon, customerUsage)
  if (usageRefusal) {
    return usageRefusal
  }
  if (coupon.state === "used_fully" || computePromotionStatus(inCurrency, now) === "expired") {
    const cause = promotionExpiryCause(inCurrency, now)
    return refuse("expired", {
      cause: cause === "max_orders_reached" || cause === "budget_exhausted" ? cause : "used_up",
    })
  }
  return checkCartContent(inCurrency, cart)
}

/** Who may use it: members of the promotion's customer groups, shoppers on their first order. */
function checkAudience(promotion: CouponPromotionInput, cart: CartInput, usage: CustomerUsageInput): Refusal | null {
  const groups = promotion.customer_group_ids ?? []
  if (groups.length) {
    const member = !!cart.customer_id && (usage.group_ids ?? []).some((id) => groups.includes(id))
    if (!member) {
      return refuse("customer_group")
    }
  }
  if (promotion.first_order_only && (usage.prior_orders === null || usage.prior_orders === undefined || usage.prior_orders > 0)) {
    return refuse("not_first_order")
  }
  return null
}

/** The cart's content: targeted products present, the minimum purchase with the amount missing. */
function checkCartContent(promotion: CouponPromotionInput, cart: CartInput): CouponEligibility {
  const minPurchase = parseDecimal(promotion.min_purchase ?? 0)
  const hasMinPurchase = minPurchase.units > BigInt(0)
  if ((promotion.applies_to ?? "all") === "specific" && eligibleItems(promotion, cart.items).length === 0) {
    return refuse("no_eligible_items")
  }
  if (hasMinPurchase) {
    // uStore: with specific products the minimum applies to their sum, not the whole cart; never tax or delivery.
    const subtotal = eligibleSubtotal(promotion, cart.items)
    if (compareDecimals(subtotal, minPurchase) < 0) {
      const precision = cartPrecision(cart)
      // Rounded up, so adding the amount the message names is always enough.
      const missing = decimalToMinorUnits(subtractDecimals(minPurchase, subtotal), precision, "ceil")
      return {
        ok: false,
        reason: "min_purchase_not_met",
        message: minPurchaseMessage(formatMoney(minorUnitsToString(missing, precision), cart.currency_code, precision)),
        details: {
          min_purchase: toRoundedNumber(minPurchase, precision),
          eligible_subtotal: toRoundedNumber(subtotal, precision),
          missing_amount: fromMinorUnits(missing, precision),
          currency_code: cart.currency_code.trim().toUpperCase(),
        },
      }
    }
  }
  return { ok: true }
}
