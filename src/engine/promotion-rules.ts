/**
 * The rules of a coupon promotion (uStore "Coupon Batch Setup"): every field combination that makes sense,
 * checked on the *final* state (an update is merged onto the stored promotion first), so a partial update can
 * never leave a promotion in a state a create would refuse. Pure: no Medusa, no database; the caller supplies
 * what the store knows (currencies, "now").
 */

import { EngineError } from "./errors"
import { resolveMoneyRules, MoneyRows } from "./money-rules"
import { resolveTimeSpan, TimeSpanType, TimeSpanUnit } from "./promotion-status"

export type CouponType = "personal" | "promotion_code"
export type DiscountType = "fixed" | "percentage"
export type AppliesTo = "all" | "specific"
export type UsagePerCustomer = "one_order" | "unlimited" | "limited"
export type UsagePerCode = "unlimited" | "first_customers"
/** Whose orders "Usage Per Customer" counts: across every code of the promotion, or per code. */
export type PerCustomerScope = "promotion" | "code"

/** The rule fields as stored on a coupon promotion. */
export type PromotionRules = {
  status: "active" | "inactive"
  inactive_message: string
  coupon_type: CouponType
  discount_type: DiscountType
  discount_value: number
  currency_code: string | null
  applies_to: AppliesTo
  target_product_ids: string[]
  target_collection_ids: string[]
  target_category_ids: string[]
  min_purchase: number
  usage_per_customer: UsagePerCustomer
  usage_per_customer_limit: number | null
  usage_per_code: UsagePerCode
  usage_per_code_limit: number | null
  time_span_type: TimeSpanType
  time_span_amount: number | null
  time_span_unit: TimeSpanUnit | null
  starts_at: Date | null
  ends_at: Date | null
  per_customer_scope: PerCustomerScope
  /** Orders (live redemptions) across all codes; null: no cap. */
  max_orders: number | null
  /** Total discount across all codes, in `currency_code`; null: no budget. */
  budget: number | null
  /** Percentage discounts: the most one order gets, in `currency_code`; null: no cap. */
  max_discount: number | null
  combinable_with_native: boolean
  combinable_with_coupons: boolean
  excluded_product_ids: string[]
  excluded_collection_ids: string[]
  excluded_category_ids: string[]
  /** Lines carrying a native promotion's discount get nothing and do not count toward the minimum purchase. */
  exclude_discounted_lines: boolean
  /**
   * The money amounts per currency (see currency-amounts.ts); the single-currency fields above are the row of
   * `currency_code`. Empty for a percentage without any money amount (valid in every currency).
   */
  currency_amounts: MoneyRows
  /** Only logged-in members of one of these customer groups may use the codes; empty: everyone. */
  customer_group_ids: string[]
  /** Only a customer (or guest e-mail) without an earlier completed, not canceled order may use the codes. */
  first_order_only: boolean
}

/** What a create or update request may say about the rules (absent = not mentioned). */
export type PromotionRulesInput = Partial<{
  [K in keyof PromotionRules]: PromotionRules[K] | string | null
}> & { currency_amounts?: Record<string, Record<string, unknown> | null> | null }

export type PromotionRulesContext = {
  now: Date
  /** The store's default currency, used when a money amount needs one and none was given. */
  defaultCurrency: string | null
  /**
   * The currencies a promotion may hold amounts in (lower case): the store's supported currencies and its regions'
   * currencies; null when unknown (then any currency is accepted).
   */
  supportedCurrencies: string[] | null
}

export const DEFAULT_INACTIVE_MESSAGE = "The coupon is inactive until further notice"

/** Fields whose meaning a used code depends on: they freeze once any code of the promotion has been used. */
export const RULES_LOCKED_AFTER_USE = [
  "coupon_type",
  "discount_type",
  "discount_value",
  "currency_code",
  "currency_amounts",
] as const

const fail = (field: string, message: string): never => {
  throw new EngineError(field, message)
}

const isPositiveInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0

const toDate = (v: unknown): Date | null => {
  if (v === null || v === undefined) {
    return null
  }
  const d = v instanceof Date ? v : new Date(String(v))
  return Number.isNaN(d.getTime()) ? null : d
}

const has = (input: PromotionRulesInput, key: keyof PromotionRules) =>
  Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined

/**
 * Merges `input` onto `existing` (null on create), applies defaults, and checks every rule.
 * A dependent field the caller did not mention is cleared when its parent option no longer uses it
 * (switching usage to "unlimited" drops the stored limit); a dependent field the caller *did* send for an
 * option that does not use it is refused, because the caller evidently meant something else.
 * Throws EngineError naming the field.
 */
export function resolvePromotionRules(
  input: PromotionRulesInput,
  existing: PromotionRules | null,
  ctx: PromotionRulesContext
): PromotionRules {
  const pick = <K extends keyof PromotionRules>(key: K, fallback: PromotionRules[K]): PromotionRules[K] =>
    (has(input, key) ? input[key] : existing ? existing[key] : fallback) as PromotionRules[K]

  const coupon_type = pick("coupon_type", undefined as unknown as CouponType)
  if (!coupon_type) {
    fail("coupon_type", "Field 'coupon_type' is required")
  }
  const discount_type = pick("discount_type", undefined as unknown as DiscountType)
  if (!discount_type) {
    fail("discount_type", "Field 'discount_type' is required")
  }

  // Money: the discount, the minimum purchase, the caps and the currency amounts they are held in (money-rules.ts).
  const { discount_value, min_purchase, max_orders, budget, max_discount, currency_code, currency_amounts } =
    resolveMoneyRules(input, existing, { coupon_type, discount_type }, ctx)

  // Availability.
  const applies_to = pick("applies_to", "all")
  const targets = {
    target_product_ids: pick("target_product_ids", []) ?? [],
    target_collection_ids: pick("target_collection_ids", []) ?? [],
    target_category_ids: pick("target_category_ids", []) ?? [],
  }
  if (applies_to === "all") {
    for (const key of Object.keys(targets) as (keyof typeof targets)[]) {
      if (has(input, key) && (input[key] as string[]).length) {
        fail(key, `Field '${key}' applies only when 'applies_to' is 'specific'`)
      }
      targets[key] = []
    }
  } else {
    const total =
      targets.target_product_ids.length + targets.target_collection_ids.length + targets.target_category_ids.length
    if (!total) {
      fail(
        "applies_to",
        "Field 'applies_to' is 'specific': give at least one of 'target_product_ids', 'target_collection_ids', 'target_category_ids'"
      )
    }
  }

  // Exclusions: never discounted, whatever the targets say, and not counted toward the minimum purchase.
  const exclusions = {
    excluded_product_ids: pick("excluded_product_ids", []) ?? [],
    excluded_collection_ids: pick("excluded_collection_ids", []) ?? [],
    excluded_category_ids: pick("excluded_category_ids", []) ?? [],
  }
  const exclude_discounted_lines = !!pick("exclude_discounted_lines", false)

  // Usage per customer, and whose orders it counts: a promotion code across all its codes (a customer holding two
  // codes of a once-per-customer promotion uses one), a personal code per code (each is its own balance).
  const per_customer_scope = pick(
    "per_customer_scope",
    (coupon_type === "personal" ? "code" : "promotion") as PerCustomerScope
  )
  if (per_customer_scope !== "promotion" && per_customer_scope !== "code") {
    fail("per_customer_scope", "Field 'per_customer_scope' must be 'promotion' or 'code'")
  }
  const combinable_with_native = pick("combinable_with_native", true) !== false
  const combinable_with_coupons = pick("combinable_with_coupons", true) !== false

  // Usage per customer.
  const usage_per_customer = pick("usage_per_customer", "one_order")
  let usage_per_customer_limit = pick("usage_per_customer_limit", null)
  if (usage_per_customer === "limited") {
    if (!isPositiveInteger(usage_per_customer_limit)) {
      fail(
        "usage_per_customer_limit",
        "Field 'usage_per_customer_limit' must be a positive whole number when 'usage_per_customer' is 'limited'"
      )
    }
  } else {
    if (has(input, "usage_per_customer_limit") && input.usage_per_customer_limit !== null) {
      fail("usage_per_customer_limit", "Field 'usage_per_customer_limit' applies only when 'usage_per_customer' is 'limited'")
    }
    usage_per_customer_limit = null
  }

  // Usage per promotion code.
  const usage_per_code = pick("usage_per_code", "unlimited")
  let usage_per_code_limit = pick("usage_per_code_limit", null)
  if (usage_per_code === "first_customers") {
    if (coupon_type !== "promotion_code") {
      fail("usage_per_code", "Field 'usage_per_code': 'first_customers' is only available for promotion codes")
    }
    if (!isPositiveInteger(usage_per_code_limit)) {
      fail(
        "usage_per_code_limit",
        "Field 'usage_per_code_limit' must be a positive whole number when 'usage_per_code' is 'first_customers'"
      )
    }
  } else {
    if (has(input, "usage_per_code_limit") && input.usage_per_code_limit !== null) {
      fail("usage_per_code_limit", "Field 'usage_per_code_limit' applies only when 'usage_per_code' is 'first_customers'")
    }
    usage_per_code_limit = null
  }

  // Time span. A relative span ("N days from today") is fixed into concrete dates when it is set, so the
  // promotion's validity never drifts; it is recomputed only when the request changes the span itself.
  const time_span_type = pick("time_span_type", "unlimited")
  let time_span_amount = pick("time_span_amount", null)
  let time_span_unit = pick("time_span_unit", null)
  let starts_at = toDate(pick("starts_at", null))
  let ends_at = toDate(pick("ends_at", null))
  const spanMentioned = has(input, "time_span_type") || has(input, "time_span_amount") || has(input, "time_span_unit")
  if (time_span_type === "relative") {
    if (has(input, "starts_at") || has(input, "ends_at")) {
      fail(
        has(input, "starts_at") ? "starts_at" : "ends_at",
        "Fields 'starts_at' and 'ends_at' are computed for a relative time span; give 'time_span_amount' and 'time_span_unit'"
      )
    }
    if (!isPositiveInteger(time_span_amount)) {
      fail("time_span_amount", "Field 'time_span_amount' must be a positive whole number for a relative time span")
    }
    if (!time_span_unit) {
      fail("time_span_unit", "Field 'time_span_unit' is required for a relative time span (days, weeks or months)")
    }
    if (spanMentioned || !existing || existing.time_span_type !== "relative" || !starts_at || !ends_at) {
      ;({ starts_at, ends_at } = resolveTimeSpan({ time_span_type, time_span_amount, time_span_unit }, ctx.now))
    }
  } else {
    for (const key of ["time_span_amount", "time_span_unit"] as const) {
      if (has(input, key) && input[key] !== null) {
        fail(key, `Field '${key}' applies only when 'time_span_type' is 'relative'`)
      }
    }
    time_span_amount = null
    time_span_unit = null
    if (time_span_type === "range") {
      if (has(input, "starts_at") && input.starts_at !== null && !starts_at) {
        fail("starts_at", "Field 'starts_at' must be a date")
      }
      if (has(input, "ends_at") && input.ends_at !== null && !ends_at) {
        fail("ends_at", "Field 'ends_at' must be a date")
      }
      if (!starts_at) {
        fail("starts_at", "Field 'starts_at' is required when 'time_span_type' is 'range'")
      }
      if (!ends_at) {
        fail("ends_at", "Field 'ends_at' is required when 'time_span_type' is 'range'")
      }
      if (starts_at!.getTime() >= ends_at!.getTime()) {
        fail("ends_at", "Field 'ends_at' must be after 'starts_at'")
      }
    } else {
      for (const key of ["starts_at", "ends_at"] as const) {
        if (has(input, key) && input[key] !== null) {
          fail(key, `Field '${key}' applies only when 'time_span_type' is 'range'`)
        }
      }
      starts_at = null
      ends_at = null
    }
  }

  const customer_group_ids = [...new Set(((pick("customer_group_ids", []) ?? []) as string[]).map((id) => id.trim()))]
  if (customer_group_ids.some((id) => !id)) {
    fail("customer_group_ids", "Field 'customer_group_ids' must not hold empty ids")
  }
  const first_order_only = !!pick("first_order_only", false)

  const status = pick("status", "active")
  const inactive_message = (pick("inactive_message", DEFAULT_INACTIVE_MESSAGE) ?? "").trim()
  if (!inactive_message) {
    fail("inactive_message", "Field 'inactive_message' must not be empty")
  }

  return {
    status,
    inactive_message,
    coupon_type,
    discount_type,
    discount_value,
    currency_code: currency_code || null,
    applies_to,
    ...targets,
    min_purchase,
    usage_per_customer,
    usage_per_customer_limit,
    usage_per_code,
    usage_per_code_limit,
    time_span_type,
    time_span_amount,
    time_span_unit,
    starts_at,
    ends_at,
    per_customer_scope,
    max_orders,
    budget,
    max_discount,
    combinable_with_native,
    combinable_with_coupons,
    ...exclusions,
    exclude_discounted_lines,
    currency_amounts,
    customer_group_ids,
    first_order_only,
  }
}

/** The locked fields an update would change (compared on the resolved state, so no-op repeats pass). */
export function changedLockedRules(before: PromotionRules, after: PromotionRules): string[] {
  return RULES_LOCKED_AFTER_USE.filter((key) => {
    if (key === "discount_value") {
      return Number(before.discount_value) !== Number(after.discount_value)
    }
    if (key === "currency_amounts") {
      // A used code keeps its meaning in every currency it had; adding a currency changes nothing for it. The main
      // currency's row is discount_value and currency_code themselves, named as such.
      return Object.entries(before.currency_amounts ?? {}).some(
        ([code, row]) =>
          code !== before.currency_code &&
          Number(row.discount_value ?? 0) !== Number(after.currency_amounts?.[code]?.discount_value ?? 0)
      )
    }
    return (before[key] ?? null) !== (after[key] ?? null)
  })
}
