import type { CouponPromotion, CouponState, CurrencyAmountRow, PromotionStatus } from "./types"

/** Money the way the admin shows it elsewhere: major units with the currency code (amounts are stored as major units). */
export function formatMoney(amount: number | string | null | undefined, currency: string | null | undefined) {
  const value = Number(amount ?? 0)
  if (!currency) {
    return value.toLocaleString()
  }
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(value)
  } catch {
    return `${value.toLocaleString()} ${currency.toUpperCase()}`
  }
}

export function formatDate(value: string | Date | null | undefined) {
  if (!value) {
    return "—"
  }
  return new Date(value).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })
}

export function formatDateTime(value: string | Date | null | undefined) {
  if (!value) {
    return "—"
  }
  return new Date(value).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })
}

export const formatCount = (n: number | null | undefined) => Number(n ?? 0).toLocaleString()

type MoneyFields = Pick<CouponPromotion, "discount_type" | "discount_value" | "currency_code" | "min_purchase"> &
  Partial<Pick<CouponPromotion, "max_discount" | "budget" | "currency_amounts">>

/**
 * The promotion's amounts per currency, its main currency first, then the others alphabetically; a promotion stored
 * before issue 17 (no rows) reads as one row of its single-currency fields. [] for a percentage valid everywhere.
 */
export function currencyRows(p: MoneyFields): [string, CurrencyAmountRow][] {
  const rows = Object.entries(p.currency_amounts ?? {})
  if (rows.length) {
    const main = p.currency_code?.toLowerCase()
    return rows.sort(([a], [b]) => (a === main ? -1 : b === main ? 1 : a.localeCompare(b)))
  }
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v))
  const row: CurrencyAmountRow = {
    discount_value: p.discount_type === "fixed" ? num(p.discount_value) : null,
    min_purchase: Number(p.min_purchase ?? 0) > 0 ? Number(p.min_purchase) : null,
    max_discount: p.discount_type === "percentage" ? num(p.max_discount) : null,
    budget: num(p.budget),
  }
  return p.currency_code && Object.values(row).some((v) => v !== null) ? [[p.currency_code.toLowerCase(), row]] : []
}

const isSet = (v: number | null | undefined): v is number => v !== null && v !== undefined

/** One currency's fixed discount: "€10.00 off", "€10.00 off, min. €50.00". */
const fixedRowInfo = (code: string, row: CurrencyAmountRow) =>
  Number(row.min_purchase ?? 0) > 0
    ? `${formatMoney(row.discount_value, code)} off, min. ${formatMoney(row.min_purchase, code)}`
    : `${formatMoney(row.discount_value, code)} off`

/** The discount itself, compact: "15% off", or every currency's amount off ("€10.00 / $12.00 off"). */
export function discountValueInfo(p: MoneyFields) {
  if (p.discount_type === "percentage") {
    return `${Number(p.discount_value)}% off`
  }
  const rows = currencyRows(p)
  return rows.length
    ? `${rows.map(([code, r]) => formatMoney(r.discount_value, code)).join(" / ")} off`
    : `${formatMoney(p.discount_value, p.currency_code)} off`
}

/** The minimum purchases there are, compact ("min. €50.00 / $60.00"), or "". */
export function minPurchaseInfo(p: MoneyFields) {
  const mins = currencyRows(p)
    .filter(([, r]) => Number(r.min_purchase ?? 0) > 0)
    .map(([code, r]) => formatMoney(r.min_purchase, code))
  return mins.length ? `min. ${mins.join(" / ")}` : ""
}

/** uStore "Discount Info" on one line: "15% off", "€10.00 / $12.00 off, min. €50.00". */
export function discountInfo(p: MoneyFields) {
  const min = minPurchaseInfo(p)
  return min ? `${discountValueInfo(p)}, ${min}` : discountValueInfo(p)
}

/** The promotion page's discount: "15% off", or one line per currency ("€10.00 off, min. €50.00"). */
export function discountLines(p: MoneyFields) {
  if (p.discount_type === "percentage") {
    return `${Number(p.discount_value)}% off`
  }
  const rows = currencyRows(p)
  return rows.length ? rows.map(([code, r]) => fixedRowInfo(code, r)).join("\n") : discountInfo(p)
}

/** The minimum purchase per currency, one line each ("€50.00"), or "None". */
export function minPurchaseLines(p: MoneyFields) {
  const lines = currencyRows(p)
    .filter(([, r]) => Number(r.min_purchase ?? 0) > 0)
    .map(([code, r]) => formatMoney(r.min_purchase, code))
  return lines.length ? lines.join("\n") : "None"
}

/** Which carts can use the codes by currency: "EUR (main), USD", or any currency. */
export function currenciesInfo(p: MoneyFields) {
  const rows = currencyRows(p)
  if (!rows.length) {
    return "Any currency"
  }
  return rows.map(([code], i) => `${code.toUpperCase()}${i === 0 && rows.length > 1 ? " (main)" : ""}`).join(", ")
}

/** uStore "Time Span". */
export function timeSpan(p: Pick<CouponPromotion, "time_span_type" | "starts_at" | "ends_at">) {
  if (p.time_span_type === "unlimited" || (!p.starts_at && !p.ends_at)) {
    return "Unlimited"
  }
  return `${formatDate(p.starts_at)} – ${formatDate(p.ends_at)}`
}

export const PROMOTION_STATUS_LABEL: Record<PromotionStatus, string> = {
  active: "Active",
  inactive: "Inactive",
  expired: "Expired",
  scheduled: "Scheduled",
  archived: "Archived",
}

export const PROMOTION_STATUS_COLOR: Record<PromotionStatus, "green" | "grey" | "red" | "blue" | "orange"> = {
  active: "green",
  inactive: "grey",
  expired: "red",
  scheduled: "blue",
  archived: "orange",
}

export const COUPON_STATE_LABEL: Record<CouponState, string> = {
  unassigned: "Unassigned",
  assigned: "Assigned",
  used_partially: "Used partially",
  used_fully: "Used fully",
  void: "Void",
}

export const COUPON_STATE_COLOR: Record<CouponState, "green" | "grey" | "red" | "blue" | "orange"> = {
  unassigned: "grey",
  assigned: "blue",
  used_partially: "orange",
  used_fully: "green",
  void: "red",
}

export const COUPON_TYPE_LABEL = { personal: "Personal coupon", promotion_code: "Promotion code" } as const

export function usagePerCustomer(p: Pick<CouponPromotion, "usage_per_customer" | "usage_per_customer_limit">) {
  switch (p.usage_per_customer) {
    case "one_order":
      return "Limited to one order"
    case "unlimited":
      return "Unlimited till expires"
    case "limited":
      return `Limited to ${p.usage_per_customer_limit ?? "?"} orders`
  }
}

export function usagePerCode(p: Pick<CouponPromotion, "usage_per_code" | "usage_per_code_limit">) {
  return p.usage_per_code === "first_customers" ? `Limited to first ${p.usage_per_code_limit ?? "?"} customers` : "Unlimited"
}

export const PER_CUSTOMER_SCOPE_LABEL = { promotion: "Customer across all codes", code: "Each code" } as const

export const yesNo = (v: boolean) => (v ? "Yes" : "No")

/** The discount the promotion's orders got (`discount_used`, per currency), e.g. "€35.00" or "€35.00, $12.00". */
export function discountGiven(p: Pick<CouponPromotion, "discount_used">) {
  const given = Object.entries(p.discount_used ?? {}).filter(([, v]) => Number(v) !== 0)
  return given.length ? given.map(([c, v]) => formatMoney(v, c)).join(", ") : "None"
}

/** What is used of the budget: the discount given in the budget's currency (the main one unless told). */
export const budgetUsed = (p: Pick<CouponPromotion, "discount_used" | "currency_code">, currency = p.currency_code) =>
  Number((currency && p.discount_used?.[currency.toLowerCase()]) || 0)

/** "20 (7 used)", or "Unlimited (7 so far)". */
export const maxOrdersInfo = (p: Pick<CouponPromotion, "max_orders" | "orders_count">) =>
  p.max_orders === null
    ? `Unlimited (${formatCount(p.orders_count)} so far)`
    : `${formatCount(p.max_orders)} (${formatCount(p.orders_count)} used)`

type BudgetFields = MoneyFields & Pick<CouponPromotion, "budget" | "discount_used">

/** Each currency's budget with what is used of it, one line each ("€100.00 (€35.00 used)"), or "Unlimited". */
export const budgetInfo = (p: BudgetFields) => {
  const lines = currencyRows(p)
    .filter(([, r]) => isSet(r.budget))
    .map(([code, r]) => `${formatMoney(r.budget, code)} (${formatMoney(budgetUsed(p, code), code)} used)`)
  return lines.length ? lines.join("\n") : "Unlimited"
}

/** A percentage's cap per order in each currency, one line each ("€20.00 per order"), or "No cap". */
export const maxDiscountInfo = (p: MoneyFields) => {
  const lines = currencyRows(p)
    .filter(([, r]) => isSet(r.max_discount))
    .map(([code, r]) => `${formatMoney(r.max_discount, code)} per order`)
  return lines.length ? lines.join("\n") : "No cap"
}
