import type { CouponPromotion, CouponState, PromotionStatus } from "./types"

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

/** uStore "Discount Info": the value, then the minimum purchase when there is one. */
export function discountInfo(p: Pick<CouponPromotion, "discount_type" | "discount_value" | "currency_code" | "min_purchase">) {
  const value =
    p.discount_type === "percentage" ? `${Number(p.discount_value)}% off` : `${formatMoney(p.discount_value, p.currency_code)} off`
  return Number(p.min_purchase) > 0 ? `${value}, min. ${formatMoney(p.min_purchase, p.currency_code)}` : value
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

/** What is used of the budget: the discount given in the budget's currency. */
export const budgetUsed = (p: Pick<CouponPromotion, "discount_used" | "currency_code">) =>
  Number((p.currency_code && p.discount_used?.[p.currency_code.toLowerCase()]) || 0)

/** "20 (7 used)", or "Unlimited (7 so far)". */
export const maxOrdersInfo = (p: Pick<CouponPromotion, "max_orders" | "orders_count">) =>
  p.max_orders === null
    ? `Unlimited (${formatCount(p.orders_count)} so far)`
    : `${formatCount(p.max_orders)} (${formatCount(p.orders_count)} used)`

/** "€100.00 (€35.00 used)", or "Unlimited". */
export const budgetInfo = (p: Pick<CouponPromotion, "budget" | "currency_code" | "discount_used">) =>
  p.budget === null
    ? "Unlimited"
    : `${formatMoney(p.budget, p.currency_code)} (${formatMoney(budgetUsed(p), p.currency_code)} used)`
