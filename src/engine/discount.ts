/**
 * The coupon discount over cart lines: the only place its math lives (store route, checkout hook and admin preview
 * all call computeCouponDiscount).
 *
 * Amounts are pre-tax and never touch shipping (uStore: "Coupon reduction is applied on the price of the products
 * excluding tax and delivery fee"; "tax is calculated on the product price after the product was discounted").
 * Callers therefore write each line's amount as a line-item adjustment with `is_tax_inclusive: false`, and Medusa
 * taxes `subtotal − adjustments`. For tax-inclusive prices Medusa's item `subtotal` is already the pre-tax part
 * (unit_price × quantity / (1 + rate)), so the same rule holds: pass that subtotal and the result is a pre-tax
 * amount, which is what the seeds ask for.
 */
import { CurrencyAmounts, promotionInCurrency } from "./currency-amounts"
import {
  DEFAULT_CURRENCY_PRECISION,
  ExactDecimal,
  Numeric,
  addDecimals,
  allocateByShares,
  allocateProportionally,
  compareDecimals,
  currencyPrecision,
  decimalToMinorUnits,
  divideRounded,
  fromMinorUnits,
  parseDecimal,
  subtractDecimals,
} from "./money"
import { PromotionLimitsInput, orderDiscountCapMinor } from "./limits"

// Same unions as promotion-rules.ts exports; kept local so `export *` of both files stays unambiguous.
type CouponType = "personal" | "promotion_code"
type DiscountType = "fixed" | "percentage"

export interface CouponTargetingInput {
  /** Defaults to "all", like the model. */
  applies_to?: "all" | "specific" | null
  target_product_ids?: readonly string[] | null
  target_collection_ids?: readonly string[] | null
  target_category_ids?: readonly string[] | null
  /** Never discounted, whatever the targets say (and not counted toward the minimum purchase). */
  excluded_product_ids?: readonly string[] | null
  excluded_collection_ids?: readonly string[] | null
  excluded_category_ids?: readonly string[] | null
  /** Lines carrying a native promotion's discount (CartItemInput.native_discounted) get nothing. */
  exclude_discounted_lines?: boolean | null
}

export interface DiscountPromotionInput extends CouponTargetingInput, PromotionLimitsInput {
  /** Amounts per currency (currency-amounts.ts); without rows the single-currency fields apply. */
  currency_amounts?: CurrencyAmounts | null
  coupon_type: CouponType
  discount_type: DiscountType
  /** Main currency unit for "fixed", percent 0–100 for "percentage". */
  discount_value: Numeric
}

export interface CouponBalanceInput {
  /** What a personal fixed coupon has already spent (gift-card balance = discount_value − amount_used). */
  amount_used?: Numeric | null
}

export interface CartItemInput {
  id: string
  product_id?: string | null
  collection_id?: string | null
  /**
   * The product's categories. The engine does not know the category tree: include ancestor ids if a coupon aimed at
   * a parent category should cover products filed under its children.
   */
  category_ids?: readonly string[] | null
  /** Informational; the math uses `subtotal`. */
  quantity?: Numeric | null
  /** Informational; the math uses `subtotal`. */
  unit_price?: Numeric | null
  /** Pre-tax line subtotal as Medusa computes it (tax-inclusive prices already divided by 1 + rate). */
  subtotal: Numeric
  /** Informational: the subtotal is pre-tax either way (see the file comment). */
  is_tax_inclusive?: boolean | null
  /**
   * Pre-tax sum of the other discounts already on the line (native promotions, another coupon), NOT this coupon's
   * own adjustment from a previous run, or each refresh would shrink the base it is recomputed on.
   */
  other_adjustments_total?: Numeric | null
  /** The line carries a native promotion's adjustment (for `exclude_discounted_lines`). */
  native_discounted?: boolean | null
}

export interface CartInput {
  currency_code: string
  /** Minor-unit decimals; defaults to Medusa's default for the currency (2 for most, 0 for JPY, 3 for KWD). */
  currency_precision?: number | null
  sales_channel_id?: string | null
  /**
   * The shopper proven by the request's auth (the customer actor who applied the code, while the cart is still
   * theirs); null for guests. Never the customer Medusa attaches to a cart by e-mail: that proves nothing.
   */
  customer_id?: string | null
  items: readonly CartItemInput[]
}

export interface CouponDiscountLine {
  item_id: string
  /** Pre-tax amount in the main currency unit, > 0. */
  amount: number
}

export interface CouponDiscount {
  /** Pre-tax discount in the main currency unit; always the exact sum of `lines`. */
  total: number
  /** One entry per line that gets a discount, in cart order; lines that get nothing are left out. */
  lines: CouponDiscountLine[]
  /** Σ of what is left to discount on the eligible lines (subtotal − other adjustments, never below zero). */
  eligible_base: number
  currency_code: string
}

const ZERO = BigInt(0)
const HUNDRED = BigInt(100)
const TEN = BigInt(10)

export function cartPrecision(cart: Pick<CartInput, "currency_code" | "currency_precision">): number {
  const precision = cart.currency_precision
  return typeof precision === "number" ? precision : currencyPrecision(cart.currency_code)
}

function includesAny(targets: readonly string[] | null | undefined, values: readonly (string | null | undefined)[]) {
  if (!targets || targets.length === 0) {
    return false
  }
  return values.some((value) => typeof value === "string" && targets.includes(value))
}

/**
 * Whether a cart line is covered by the coupon. Evaluated on the live cart data, so a product added to a targeted
 * collection or category later is covered (uStore: "the discount will apply to any new products that will be added
 * to a selected product group").
 */
export function isItemTargeted(promotion: CouponTargetingInput, item: CartItemInput): boolean {
  if ((promotion.applies_to ?? "all") === "all") {
    return true
  }
  return (
    includesAny(promotion.target_product_ids, [item.product_id]) ||
    includesAny(promotion.target_collection_ids, [item.collection_id]) ||
    includesAny(promotion.target_category_ids, item.category_ids ?? [])
  )
}

/** Whether an exclusion of the promotion keeps the line out (excluded product, collection, category, or natively discounted). */
export function isItemExcluded(promotion: CouponTargetingInput, item: CartItemInput): boolean {
  return (
    includesAny(promotion.excluded_product_ids, [item.product_id]) ||
    includesAny(promotion.excluded_collection_ids, [item.collection_id]) ||
    includesAny(promotion.excluded_category_ids, item.category_ids ?? []) ||
    (!!promotion.exclude_discounted_lines && !!item.native_discounted)
  )
}

/** The lines the coupon discounts and measures its minimum purchase on: targeted and not excluded. */
export function eligibleItems<T extends CartItemInput>(promotion: CouponTargetingInput, items: readonly T[]): T[] {
  return items.filter((item) => isItemTargeted(promotion, item) && !isItemExcluded(promotion, item))
}

/** Σ of the eligible lines' pre-tax, pre-discount subtotals, exactly: what a minimum purchase is measured against. */
export function eligibleSubtotal(promotion: CouponTargetingInput, items: readonly CartItemInput[]): ExactDecimal {
  return eligibleItems(promotion, items).reduce<ExactDecimal>(
    (sum, item) => addDecimals(sum, parseDecimal(item.subtotal)),
    { units: ZERO, scale: 0 }
  )
}

/**
 * What is left to discount on a line, in whole minor units, rounded down: rounding up could let the sum of
 * adjustments pass the line's subtotal by a fraction of a cent, and Medusa would not stop it (issue #14899).
 */
function lineBaseMinor(item: CartItemInput, precision: number): bigint {
  const remaining = subtractDecimals(parseDecimal(item.subtotal), parseDecimal(item.other_adjustments_total ?? 0))
  const minor = decimalToMinorUnits(remaining, precision, "floor")
  return minor > ZERO ? minor : ZERO
}

function isBalanceCoupon(promotion: Pick<DiscountPromotionInput, "coupon_type" | "discount_type">): boolean {
  return promotion.coupon_type === "personal" && promotion.discount_type === "fixed"
}

function balanceMinor(
  promotion: Pick<DiscountPromotionInput, "discount_value">,
  coupon: CouponBalanceInput | null | undefined,
  precision: number
): bigint {
  const remaining = subtractDecimals(
    parseDecimal(promotion.discount_value),
    parseDecimal(coupon?.amount_used ?? 0)
  )
  // Rounded down: the ledger must never let a gift card spend a fraction of a cent it does not have.
  const minor = decimalToMinorUnits(remaining, precision, "floor")
  return minor > ZERO ? minor : ZERO
}

/**
 * Remaining balance of a personal fixed coupon ("the provided sum is reduced upon each purchase"), in the main unit,
 * never below zero. Null for coupons that have no balance (percentage, or promotion codes).
 */
export function remainingBalance(
  promotion: Pick<DiscountPromotionInput, "coupon_type" | "discount_type" | "discount_value">,
  coupon: CouponBalanceInput | null | undefined,
  precision: number = DEFAULT_CURRENCY_PRECISION
): number | null {
  if (!isBalanceCoupon(promotion)) {
    return null
  }
  return fromMinorUnits(balanceMinor(promotion, coupon, precision), precision)
}

function percentageDiscount(value: ExactDecimal, bases: bigint[]): bigint[] {
  // Over 100 % would push lines below zero and under 0 % would charge more; a stored value outside the range is
  // a validation miss upstream, and clamping is the reading that cannot hurt the shopper or the store.
  const hundredPercent: ExactDecimal = { units: HUNDRED, scale: 0 }
  const clamped: ExactDecimal =
    value.units <= ZERO ? { units: ZERO, scale: 0 } : compareDecimals(value, hundredPercent) > 0 ? hundredPercent : value
  const denominator = HUNDRED * TEN ** BigInt(clamped.scale)
  const eligibleBase = bases.reduce((sum, base) => sum + base, ZERO)
  // The total is rounded once over the whole eligible base, then split so the lines add up to exactly that total.
  const total = divideRounded(eligibleBase * clamped.units, denominator, "half_up")
  return allocateByShares(
    total,
    bases.map((base) => base * clamped.units),
    denominator
  )
}

/**
 * The coupon's pre-tax discount on the cart, split over the eligible lines.
 *
 * - percentage: value % of each eligible line's remaining base; the total is round(value % × eligible base) and the
 *   lines are its largest-remainder split, so no cent is lost or invented.
 * - fixed: min(value, eligible base) spread over the eligible lines in proportion to their base; for a personal
 *   coupon also capped at its remaining balance.
 * - no line ever gets more than its remaining base (subtotal − other adjustments), so stacking with native
 *   promotions never takes a line below zero.
 * - the order's total is capped by the percentage cap (`max_discount`) and what is left of the promotion's budget,
 *   whichever is lower, and a capped total is split over the lines in proportion to their base, cent-exact.
 *
 * It does not check eligibility (status, dates, usage, minimum purchase): run checkCouponEligibility first.
 */
export function computeCouponDiscount(input: {
  promotion: DiscountPromotionInput
  coupon?: CouponBalanceInput | null
  cart: CartInput
}): CouponDiscount {
  const { coupon, cart } = input
  const precision = cartPrecision(cart)
  // Read in the cart's currency; a currency without amounts gives nothing (eligibility refuses it first).
  const promotion = promotionInCurrency(input.promotion, cart.currency_code)
  if (!promotion) {
    return { total: 0, lines: [], eligible_base: 0, currency_code: cart.currency_code }
  }
  const items = eligibleItems(promotion, cart.items)
  const bases = items.map((item) => lineBaseMinor(item, precision))
  const eligibleBase = bases.reduce((sum, base) => sum + base, ZERO)

  let amounts: bigint[]
  if (eligibleBase === ZERO) {
    amounts = bases.map(() => ZERO)
  } else if (promotion.discount_type === "percentage") {
    amounts = percentageDiscount(parseDecimal(promotion.discount_value), bases)
  } else {
    let total = decimalToMinorUnits(parseDecimal(promotion.discount_value), precision, "floor")
    if (isBalanceCoupon(promotion)) {
      const balance = balanceMinor(promotion, coupon, precision)
      total = balance < total ? balance : total
    }
    total = total < eligibleBase ? total : eligibleBase
    amounts = allocateProportionally(total > ZERO ? total : ZERO, bases)
  }
  const cap = orderDiscountCapMinor(promotion, precision)
  if (cap !== null && amounts.reduce((sum, amount) => sum + amount, ZERO) > cap) {
    amounts = allocateProportionally(cap, bases)
  }

  const lines: CouponDiscountLine[] = []
  let total = ZERO
  items.forEach((item, index) => {
    const amount = amounts[index]
    total += amount
    if (amount > ZERO) {
      lines.push({ item_id: item.id, amount: fromMinorUnits(amount, precision) })
    }
  })
  return {
    total: fromMinorUnits(total, precision),
    lines,
    eligible_base: fromMinorUnits(eligibleBase, precision),
    currency_code: cart.currency_code,
  }
}
