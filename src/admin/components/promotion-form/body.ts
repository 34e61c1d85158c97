// The request body the form sends: only the fields its options use, and on edit only what changed.
import type { CouponPromotion } from "../../lib/types"
import { columnsFor, rowHasAmounts } from "./currency"
import { initialFormState, type PromotionFormState } from "./state"

// An empty box is sent as-is ("") only where that is meaningful; numbers the API checks itself, so a typo
// reaches it and comes back as its message under the field.
const num = (v: string) => (v.trim() === "" ? undefined : Number(v))
const numOrNull = (v: string) => (v.trim() === "" ? null : Number(v))

/**
 * `currency_amounts` from the rows, in their order (the first is the main currency), each with the columns its
 * discount type uses (blank: null). A percentage's empty rows are left out (the API would drop them); a fixed
 * discount's are sent, so a missing amount comes back as the API's message under that row.
 */
function currencyAmounts(s: PromotionFormState) {
  const rows = s.currency_amounts.filter((r) => r.currency_code && (s.discount_type === "fixed" || rowHasAmounts(r, "percentage")))
  const amounts: Record<string, Record<string, number | null>> = {}
  for (const r of rows) {
    amounts[r.currency_code] = Object.fromEntries(columnsFor(s.discount_type).map((c) => [c, numOrNull(r[c])]))
  }
  return { amounts, main: rows[0]?.currency_code }
}

/**
 * The request body. Fields that the chosen options do not use are left out (the API refuses a limit sent with
 * "unlimited", and clears stored ones itself). On edit only what changed is sent, so an unchanged relative time
 * span keeps its dates instead of restarting today.
 */
export function formToBody(s: PromotionFormState, original?: CouponPromotion) {
  const body: Record<string, unknown> = {
    name: s.name,
    custom_id: s.custom_id,
    description: s.description.trim() ? s.description : null,
    status: s.status,
    coupon_type: s.coupon_type,
    sales_channel_id: s.sales_channel_id || null,
    applies_to: s.applies_to,
    discount_type: s.discount_type,
    usage_per_customer: s.usage_per_customer,
    usage_per_code: s.coupon_type === "promotion_code" ? s.usage_per_code : "unlimited",
    time_span_type: s.time_span_type,
    valid_days_after_assignment: numOrNull(s.valid_days_after_assignment),
    allow_multiple_per_customer: s.allow_multiple_per_customer,
    notify_on_assign: s.notify_on_assign,
    low_stock_threshold: numOrNull(s.low_stock_threshold),
    max_orders: numOrNull(s.max_orders),
    combinable_with_native: s.combinable_with_native,
    combinable_with_coupons: s.combinable_with_coupons,
    excluded_product_ids: s.excluded_product_ids,
    excluded_collection_ids: s.excluded_collection_ids,
    excluded_category_ids: s.excluded_category_ids,
    exclude_discounted_lines: s.exclude_discounted_lines,
    customer_group_ids: s.customer_group_ids,
    first_order_only: s.first_order_only,
  }
  // Not chosen on create: the API picks the coupon type's default (and a stored promotion always has one).
  if (s.per_customer_scope) {
    body.per_customer_scope = s.per_customer_scope
  }
  // Money goes only as rows: the API refuses `currency_amounts` next to a single-currency amount (min_purchase,
  // max_discount, budget, or a fixed discount's discount_value), so only a percentage sends discount_value.
  if (s.discount_type === "percentage") {
    body.discount_value = num(s.discount_value)
  }
  const { amounts, main } = currencyAmounts(s)
  body.currency_amounts = amounts
  if (main) {
    body.currency_code = main
  }
  if (s.status === "inactive") {
    body.inactive_message = s.inactive_message
  }
  if (s.applies_to === "specific") {
    body.target_product_ids = s.target_product_ids
    body.target_collection_ids = s.target_collection_ids
    body.target_category_ids = s.target_category_ids
  }
  if (s.usage_per_customer === "limited") {
    body.usage_per_customer_limit = num(s.usage_per_customer_limit)
  }
  if (body.usage_per_code === "first_customers") {
    body.usage_per_code_limit = num(s.usage_per_code_limit)
  }
  if (s.time_span_type === "relative") {
    body.time_span_amount = num(s.time_span_amount)
    body.time_span_unit = s.time_span_unit
  }
  if (s.time_span_type === "range") {
    body.starts_at = s.starts_at?.toISOString()
    body.ends_at = s.ends_at?.toISOString()
  }
  for (const k of Object.keys(body)) {
    if (body[k] === undefined) {
      delete body[k]
    }
  }
  if (!original) {
    return body
  }
  const before = formToBody(initialFormState(original))
  const changed: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body)) {
    if (JSON.stringify(v) !== JSON.stringify(before[k])) {
      changed[k] = v
    }
  }
  // The span's parts travel together: a new amount alone would be refused without its unit, and vice versa.
  const spanKeys = ["time_span_type", "time_span_amount", "time_span_unit", "starts_at", "ends_at"]
  if (spanKeys.some((k) => k in changed)) {
    for (const k of spanKeys) {
      if (k in body) {
        changed[k] = body[k]
      }
    }
  }
  return changed
}
