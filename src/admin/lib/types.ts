export type PromotionStatus = "active" | "inactive" | "expired" | "scheduled" | "archived"
export type CouponState = "unassigned" | "assigned" | "used_partially" | "used_fully" | "void"
export type BatchState = "pending" | "running" | "completed" | "failed"

export type CouponBatch = {
  id: string
  promotion_id?: string
  source: "generated" | "imported"
  state: BatchState
  requested_count: number
  processed_count: number
  pattern: Record<string, unknown> | null
  file_name: string | null
  file_format: string | null
  error: { message?: string } | string | null
  started_at: string | null
  completed_at: string | null
  codes_total: number
  codes_unassigned: number
  codes_assigned: number
  codes_used_partially: number
  codes_used_fully: number
  recovery_attempts?: number
  created_at: string
}

/** A promotion's amounts in one currency (null: none); `discount_value` is set for fixed discounts only. */
export type CurrencyAmountRow = {
  discount_value: number | null
  min_purchase: number | null
  max_discount: number | null
  budget: number | null
}
export type CurrencyAmounts = Record<string, CurrencyAmountRow>

export type CouponPromotion = {
  id: string
  custom_id: string
  name: string
  description: string | null
  sales_channel_id: string | null
  sales_channel?: { id: string; name: string } | null
  status: "active" | "inactive"
  computed_status: PromotionStatus
  inactive_message: string
  coupon_type: "personal" | "promotion_code"
  discount_type: "fixed" | "percentage"
  discount_value: number
  currency_code: string | null
  applies_to: "all" | "specific"
  target_product_ids: string[]
  target_collection_ids: string[]
  target_category_ids: string[]
  min_purchase: number
  usage_per_customer: "one_order" | "unlimited" | "limited"
  usage_per_customer_limit: number | null
  usage_per_code: "unlimited" | "first_customers"
  usage_per_code_limit: number | null
  time_span_type: "unlimited" | "relative" | "range"
  time_span_amount: number | null
  time_span_unit: "days" | "weeks" | "months" | null
  starts_at: string | null
  ends_at: string | null
  valid_days_after_assignment: number | null
  allow_multiple_per_customer: boolean
  /** Whether giving a code sends the "Coupon given" notification (the store's notificationChannel must be set too). */
  notify_on_assign: boolean
  low_stock_threshold: number | null
  // Limits and stacking (README "Limits and stacking"); money in currency_code, the main row of currency_amounts.
  per_customer_scope: "promotion" | "code"
  max_orders: number | null
  budget: number | null
  max_discount: number | null
  combinable_with_native: boolean
  combinable_with_coupons: boolean
  excluded_product_ids: string[]
  excluded_collection_ids: string[]
  excluded_category_ids: string[]
  exclude_discounted_lines: boolean
  // Currencies, customer groups, first order (README "Currencies, customer groups, first order").
  /** One row of money amounts per currency (lower-case keys); {} for a percentage valid in every currency. */
  currency_amounts: CurrencyAmounts
  /** Only logged-in members of these groups may use the codes; [] for anyone. */
  customer_group_ids: string[]
  first_order_only: boolean
  archived_at: string | null
  codes_total: number
  codes_unassigned: number
  codes_assigned: number
  codes_used_partially: number
  codes_used_fully: number
  customers_used: number
  /** Live (reserved or confirmed) redemptions across all codes: what max_orders is checked against. */
  orders_count: number
  /** The discount those gave, per currency, as decimal text ({"eur": "25.5"}): what the budget is checked against. */
  discount_used: Record<string, string>
  created_at: string
  updated_at: string
}

export type Coupon = {
  id: string
  code: string
  state: CouponState
  customer_id: string | null
  assigned_at: string | null
  expires_at: string | null
  uses_count: number
  amount_used?: number | null
  batch_id?: string | null
  created_at?: string
}

export type CouponRedemption = {
  id: string
  state: "reserved" | "confirmed" | "released"
  amount: number
  currency_code: string
  customer_id: string | null
  cart_id: string
  order_id: string | null
  promotion_id: string
  reserved_at: string
  confirmed_at: string | null
  released_at: string | null
  release_reason: string | null
}

export type CouponWithRedemptions = Coupon & {
  customers_count: number
  redemptions: CouponRedemption[]
}

export type CustomerCoupon = Coupon & {
  promotion: Pick<
    CouponPromotion,
    "id" | "custom_id" | "name" | "coupon_type" | "discount_type" | "discount_value" | "currency_code"
  >
}

export type OrderCouponRedemption = CouponRedemption & {
  coupon: { id: string; code: string; promotion: { id: string; custom_id: string; name: string } }
}

export type Paginated<K extends string, T> = { [key in K]: T[] } & { count: number; offset: number; limit: number }
