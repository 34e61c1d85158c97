/**
 * Money amounts per currency (issue 17). A fixed discount, a minimum purchase, a percentage cap and a budget are
 * money, so a promotion holds one row of them per currency it is valid in: `{ eur: { discount_value: 10 },
 * usd: { discount_value: 12, min_purchase: 60 } }`. A cart in a currency without a row is refused ("wrong_currency");
 * a percentage promotion without any money amount has no rows and works in every currency.
 *
 * The single-currency columns (discount_value of a fixed discount, min_purchase, max_discount, budget, currency_code)
 * stay as the view of the promotion's main currency, so a promotion seen "in the cart's currency" is just the same
 * promotion with that row's amounts in those columns: every other rule reads them unchanged.
 */
import { EngineError } from "./errors"
import { Numeric, compareDecimals, parseDecimal } from "./money"

export type CurrencyAmountRow = {
  /** Fixed discounts only: the amount off in this currency. */
  discount_value?: Numeric | null
  /** 0 or null: no minimum in this currency. */
  min_purchase?: Numeric | null
  /** Percentage discounts only: the most one order gets in this currency; null: no cap. */
  max_discount?: Numeric | null
  /** Total discount across all codes in this currency; null: no budget. */
  budget?: Numeric | null
}

/** Keyed by lower-case ISO 4217 code. */
export type CurrencyAmounts = Record<string, CurrencyAmountRow>

export interface CurrencyAmountsPromotion {
  discount_type: "fixed" | "percentage"
  discount_value: Numeric
  currency_code?: string | null
  min_purchase?: Numeric | null
  max_discount?: Numeric | null
  budget?: Numeric | null
  currency_amounts?: CurrencyAmounts | null
}

const MONEY_FIELDS = ["discount_value", "min_purchase", "max_discount", "budget"] as const

const isSet = (value: unknown) => value !== null && value !== undefined

/** The promotion's currency rows, or null when it has none (legacy single-currency reading applies). */
export function currencyRows(promotion: { currency_amounts?: CurrencyAmounts | null }): CurrencyAmounts | null {
  const rows = promotion.currency_amounts
  return rows && typeof rows === "object" && Object.keys(rows).length ? rows : null
}

/** The currencies a cart may be in (upper case, sorted), or null for any. */
export function acceptedCurrencies(promotion: CurrencyAmountsPromotion): string[] | null {
  const rows = currencyRows(promotion)
  if (rows) {
    return Object.keys(rows).map((code) => code.toUpperCase()).sort()
  }
  const needsOwn =
    promotion.discount_type === "fixed" ||
    compareDecimals(parseDecimal(promotion.min_purchase ?? 0), parseDecimal(0)) > 0 ||
    isSet(promotion.max_discount) ||
    isSet(promotion.budget)
  return needsOwn && promotion.currency_code ? [promotion.currency_code.toUpperCase()] : null
}

/**
 * The promotion as it applies to a cart in `currency`: that row's amounts in the single-currency fields (and no rows
 * left, so applying it twice changes nothing), or null when the promotion has no amount in that currency.
 */
export function promotionInCurrency<T extends CurrencyAmountsPromotion>(promotion: T, currency: string): T | null {
  const code = currency.trim().toLowerCase()
  const rows = currencyRows(promotion)
  if (!rows) {
    const accepted = acceptedCurrencies(promotion)
    return !accepted || accepted.includes(code.toUpperCase()) ? promotion : null
  }
  const row = rows[code]
  if (!row) {
    return null
  }
  return {
    ...promotion,
    currency_code: code,
    discount_value: promotion.discount_type === "fixed" ? row.discount_value ?? 0 : promotion.discount_value,
    min_purchase: row.min_purchase ?? 0,
    max_discount: promotion.discount_type === "percentage" ? row.max_discount ?? null : null,
    budget: row.budget ?? null,
    currency_amounts: null,
  }
}

const positive = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value > 0

/**
 * Checks and normalizes the rows an admin sent (`currency_amounts` of a create or update): lower-case keys of the
 * store's currencies, a positive discount per row for a fixed discount and none for a percentage, a minimum ≥ 0, a
 * cap only on percentages, a budget > 0. Empty rows are dropped. Throws EngineError naming the field.
 */
export function normalizeCurrencyAmounts(
  input: Record<string, Record<string, unknown> | null | undefined>,
  rules: { discount_type: "fixed" | "percentage"; coupon_type: "personal" | "promotion_code"; allowed: string[] | null }
): Record<string, { discount_value: number | null; min_purchase: number | null; max_discount: number | null; budget: number | null }> {
  const out: ReturnType<typeof normalizeCurrencyAmounts> = {}
  for (const [rawCode, row] of Object.entries(input ?? {})) {
    const code = rawCode.trim().toLowerCase()
    const field = (name: string) => `currency_amounts.${code}${name ? `.${name}` : ""}`
    if (!/^[a-z]{3}$/.test(code)) {
      throw new EngineError("currency_amounts", `Field 'currency_amounts': '${rawCode}' is not a currency code`)
    }
    if (rules.allowed && !rules.allowed.includes(code)) {
      throw new EngineError(
        field(""),
        `Field 'currency_amounts': '${code}' is not a currency of the store's regions (allowed: ${rules.allowed.join(", ")})`
      )
    }
    if (out[code]) {
      throw new EngineError(field(""), `Field 'currency_amounts' names '${code}' twice`)
    }
    const value = (name: (typeof MONEY_FIELDS)[number]) => (row ? row[name] ?? null : null)
    const discount = value("discount_value")
    if (rules.discount_type === "fixed" && !positive(discount)) {
      throw new EngineError(field("discount_value"), `Field '${field("discount_value")}' must be greater than 0 for a fixed discount`)
    }
    if (rules.discount_type === "percentage" && discount !== null) {
      throw new EngineError(
        field("discount_value"),
        `Field '${field("discount_value")}' applies only to a fixed discount; a percentage is 'discount_value' itself`
      )
    }
    const min = value("min_purchase")
    if (min !== null && !(typeof min === "number" && Number.isFinite(min) && min >= 0)) {
      throw new EngineError(field("min_purchase"), `Field '${field("min_purchase")}' must be a number of at least 0`)
    }
    const cap = value("max_discount")
    if (cap !== null && !positive(cap)) {
      throw new EngineError(field("max_discount"), `Field '${field("max_discount")}' must be greater than 0 or null`)
    }
    if (cap !== null && rules.discount_type !== "percentage") {
      throw new EngineError(
        field("max_discount"),
        `Field '${field("max_discount")}' applies only when 'discount_type' is 'percentage'`
      )
    }
    const budget = value("budget")
    if (budget !== null && !positive(budget)) {
      throw new EngineError(field("budget"), `Field '${field("budget")}' must be greater than 0 or null`)
    }
    const normalized = {
      discount_value: rules.discount_type === "fixed" ? (discount as number) : null,
      min_purchase: positive(min) ? min : null,
      max_discount: cap as number | null,
      budget: budget as number | null,
    }
    if (MONEY_FIELDS.some((name) => normalized[name] !== null)) {
      out[code] = normalized
    }
  }
  if (rules.coupon_type === "personal" && rules.discount_type === "fixed" && Object.keys(out).length > 1) {
    throw new EngineError(
      "currency_amounts",
      "Field 'currency_amounts': a personal fixed coupon is a balance in one currency; give exactly one"
    )
  }
  return out
}
