/**
 * The money part of a promotion's rules (resolvePromotionRules): the discount, the minimum purchase, the caps
 * (issue 16) and the currencies they are held in (issue 17). Either the single-currency fields (`discount_value`,
 * `min_purchase`, `max_discount`, `budget` in `currency_code`, which defaults to the store's) or `currency_amounts`
 * with one row per currency; never both in one request. The result always holds both readings: the rows, and the
 * row of the main currency in the single-currency fields.
 */
import { EngineError } from "./errors"
import { normalizeCurrencyAmounts } from "./currency-amounts"
import type { CouponType, DiscountType, PromotionRules, PromotionRulesContext, PromotionRulesInput } from "./promotion-rules"

export type MoneyRow = { discount_value: number | null; min_purchase: number | null; max_discount: number | null; budget: number | null }
export type MoneyRows = Record<string, MoneyRow>

export type MoneyRules = Pick<
  PromotionRules,
  "discount_value" | "min_purchase" | "max_orders" | "budget" | "max_discount" | "currency_code" | "currency_amounts"
>

const fail = (field: string, message: string): never => {
  throw new EngineError(field, message)
}

const isPositiveInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0

const has = (input: PromotionRulesInput, key: keyof PromotionRules) =>
  Object.prototype.hasOwnProperty.call(input, key) && (input as any)[key] !== undefined

function checkPercentage(discount_type: DiscountType, discount_value: unknown) {
  if (discount_value === undefined || discount_value === null) {
    fail("discount_value", "Field 'discount_value' is required")
  }
  if (typeof discount_value !== "number" || !Number.isFinite(discount_value)) {
    fail("discount_value", "Field 'discount_value' must be a number")
  }
  if (discount_type === "percentage" && !((discount_value as number) > 0 && (discount_value as number) <= 100)) {
    fail("discount_value", "Field 'discount_value' must be greater than 0 and at most 100 for a percentage discount")
  }
  if (discount_type === "fixed" && !((discount_value as number) > 0)) {
    fail("discount_value", "Field 'discount_value' must be greater than 0 for a fixed discount")
  }
}

/** The rows a stored promotion holds, or its single-currency amounts as one row (a row written before issue 17). */
function storedRows(existing: PromotionRules | null): MoneyRows {
  if (!existing) {
    return {}
  }
  if (existing.currency_amounts && Object.keys(existing.currency_amounts).length) {
    return JSON.parse(JSON.stringify(existing.currency_amounts))
  }
  const row: MoneyRow = {
    discount_value: existing.discount_type === "fixed" ? Number(existing.discount_value) : null,
    min_purchase: Number(existing.min_purchase ?? 0) > 0 ? Number(existing.min_purchase) : null,
    max_discount: existing.max_discount ?? null,
    budget: existing.budget ?? null,
  }
  const any = Object.values(row).some((v) => v !== null)
  return any && existing.currency_code ? { [existing.currency_code]: row } : {}
}

function mainRowFields(rows: MoneyRows, main: string | null, discount_type: DiscountType, percent: number) {
  const row = main ? rows[main] : undefined
  return {
    discount_value: discount_type === "fixed" ? Number(row?.discount_value ?? 0) : percent,
    min_purchase: Number(row?.min_purchase ?? 0),
    max_discount: row?.max_discount ?? null,
    budget: row?.budget ?? null,
  }
}

/** Rows sent as `currency_amounts`: they replace every stored row. */
function fromRows(
  input: PromotionRulesInput,
  existing: PromotionRules | null,
  types: { coupon_type: CouponType; discount_type: DiscountType },
  ctx: PromotionRulesContext
): Omit<MoneyRules, "max_orders"> {
  const moneyFields = ["min_purchase", "max_discount", "budget", ...(types.discount_type === "fixed" ? ["discount_value"] : [])]
  const mixed = moneyFields.find((key) => has(input, key as keyof PromotionRules))
  if (mixed) {
    fail(
      "currency_amounts",
      `Send either 'currency_amounts' or the single-currency amounts, not both ('${mixed}' was given too)`
    )
  }
  let percent = 0
  if (types.discount_type === "percentage") {
    percent = (has(input, "discount_value") ? input.discount_value : existing?.discount_value) as number
    checkPercentage("percentage", percent)
  }
  const rows = normalizeCurrencyAmounts(input.currency_amounts as Record<string, Record<string, unknown>>, {
    ...types,
    allowed: ctx.supportedCurrencies,
  })
  const codes = Object.keys(rows).sort()
  if (types.discount_type === "fixed" && !codes.length) {
    fail("currency_amounts", "Field 'currency_amounts' must hold at least one currency for a fixed discount")
  }
  let main: string | null = null
  if (has(input, "currency_code") && input.currency_code) {
    main = String(input.currency_code).trim().toLowerCase()
    if (codes.length && !codes.includes(main)) {
      fail("currency_code", `Field 'currency_code' must be one of the currencies of 'currency_amounts' (${codes.join(", ")})`)
    }
  } else if (codes.length) {
    const candidates = [existing?.currency_code, ctx.defaultCurrency?.toLowerCase()]
    main = candidates.find((code): code is string => !!code && codes.includes(code)) ?? codes[0]
  }
  return { ...mainRowFields(rows, main, types.discount_type, percent), currency_code: main, currency_amounts: rows }
}

/** The single-currency fields: checked as before issue 17, then written into the main currency's row. */
function fromSingleCurrency(
  input: PromotionRulesInput,
  existing: PromotionRules | null,
  types: { coupon_type: CouponType; discount_type: DiscountType },
  ctx: PromotionRulesContext
): Omit<MoneyRules, "max_orders"> {
  const { discount_type, coupon_type } = types
  const pick = <K extends keyof PromotionRules>(key: K, fallback: PromotionRules[K]): PromotionRules[K] =>
    (has(input, key) ? input[key] : existing ? existing[key] : fallback) as PromotionRules[K]

  const discount_value = pick("discount_value", undefined as unknown as number)
  checkPercentage(discount_type, discount_value)

  // Minimum purchase (money, excluding tax and delivery).
  const min_purchase = pick("min_purchase", 0) ?? 0
  if (typeof min_purchase !== "number" || !Number.isFinite(min_purchase) || min_purchase < 0) {
    fail("min_purchase", "Field 'min_purchase' must be a number of at least 0")
  }
  const budget = pick("budget", null)
  if (budget !== null && !(typeof budget === "number" && Number.isFinite(budget) && budget > 0)) {
    fail("budget", "Field 'budget' must be greater than 0 or null")
  }
  let max_discount = pick("max_discount", null)
  if (max_discount !== null) {
    if (!(typeof max_discount === "number" && Number.isFinite(max_discount) && max_discount > 0)) {
      fail("max_discount", "Field 'max_discount' must be greater than 0 or null")
    }
    if (discount_type !== "percentage") {
      if (has(input, "max_discount")) {
        fail("max_discount", "Field 'max_discount' applies only when 'discount_type' is 'percentage'")
      }
      max_discount = null
    }
  }

  // A fixed discount, a minimum purchase, a budget and a cap are amounts of money, so they need a currency; uStore
  // takes the store's. A percentage promotion without any of them works in any currency.
  let currency_code = (has(input, "currency_code") ? input.currency_code : existing?.currency_code ?? null) as string | null
  if (typeof currency_code === "string") {
    currency_code = currency_code.trim().toLowerCase()
  }
  const needsCurrency = discount_type === "fixed" || min_purchase > 0 || budget !== null || max_discount !== null
  if (!currency_code && needsCurrency) {
    if (!ctx.defaultCurrency) {
      fail(
        "currency_code",
        "Field 'currency_code' is required: the store has no default currency for the " +
          (discount_type === "fixed"
            ? "fixed discount"
            : min_purchase > 0
              ? "minimum purchase"
              : budget !== null
                ? "budget"
                : "discount cap")
      )
    }
    currency_code = ctx.defaultCurrency!.toLowerCase()
  }
  if (currency_code && ctx.supportedCurrencies && !ctx.supportedCurrencies.includes(currency_code)) {
    fail(
      "currency_code",
      `Field 'currency_code': '${currency_code}' is not a currency of the store (supported: ${ctx.supportedCurrencies.join(", ")})`
    )
  }

  // The other currencies' rows stay; the main one takes these amounts. A promotion moved to another currency takes
  // its single row along (the single-currency reading of "change the currency").
  const rows = storedRows(existing)
  const oldMain = existing?.currency_code ?? null
  if (currency_code && oldMain && currency_code !== oldMain && rows[oldMain] && !rows[currency_code]) {
    rows[currency_code] = rows[oldMain]
    delete rows[oldMain]
  }
  if (existing && existing.discount_type !== discount_type && Object.keys(rows).some((code) => code !== currency_code)) {
    fail(
      "currency_amounts",
      "The promotion holds amounts in several currencies: send 'currency_amounts' with the new discount type"
    )
  }
  if (currency_code) {
    const row: MoneyRow = {
      discount_value: discount_type === "fixed" ? discount_value : null,
      min_purchase: min_purchase > 0 ? min_purchase : null,
      max_discount,
      budget,
    }
    if (Object.values(row).some((v) => v !== null)) {
      rows[currency_code] = row
    } else {
      delete rows[currency_code]
    }
  }
  const currency_amounts = normalizeCurrencyAmounts(rows, { ...types, allowed: null })
  return { discount_value, min_purchase, budget, max_discount, currency_code: currency_code || null, currency_amounts }
}

export function resolveMoneyRules(
  input: PromotionRulesInput,
  existing: PromotionRules | null,
  types: { coupon_type: CouponType; discount_type: DiscountType },
  ctx: PromotionRulesContext
): MoneyRules {
  const max_orders = (has(input, "max_orders") ? input.max_orders : existing?.max_orders ?? null) as number | null
  if (max_orders !== null && !isPositiveInteger(max_orders)) {
    fail("max_orders", "Field 'max_orders' must be a positive whole number or null")
  }
  const rowsGiven = has(input, "currency_amounts") && input.currency_amounts !== null
  const money = rowsGiven ? fromRows(input, existing, types, ctx) : fromSingleCurrency(input, existing, types, ctx)
  return { ...money, max_orders }
}
