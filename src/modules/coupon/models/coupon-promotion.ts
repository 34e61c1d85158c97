import { model } from "@medusajs/framework/utils"
import CouponBatch from "./coupon-batch"
import Coupon from "./coupon"

export const DEFAULT_INACTIVE_MESSAGE = "The coupon is inactive until further notice"

/**
 * The rules of a coupon batch setup (uStore) / promotion (User.com).
 * Stats columns (codes_*) are counters maintained by the writes that change them, so lists stay fast
 * at millions of codes.
 */
const CouponPromotion = model
  .define("coupon_promotion", {
    id: model.id({ prefix: "cpromo" }).primaryKey(),
    custom_id: model.text().searchable(),
    name: model.text().searchable(),
    description: model.text().nullable(),
    sales_channel_id: model.text().nullable(),
    status: model.enum(["active", "inactive"]).default("active"),
    inactive_message: model.text().default(DEFAULT_INACTIVE_MESSAGE),
    coupon_type: model.enum(["personal", "promotion_code"]),
    discount_type: model.enum(["fixed", "percentage"]),
    discount_value: model.bigNumber(),
    currency_code: model.text().nullable(),
    applies_to: model.enum(["all", "specific"]).default("all"),
    // Targets are ids, evaluated live against the cart's products (a product added to a collection later counts).
    target_product_ids: model.array().default([]),
    target_collection_ids: model.array().default([]),
    target_category_ids: model.array().default([]),
    min_purchase: model.bigNumber().default(0),
    usage_per_customer: model.enum(["one_order", "unlimited", "limited"]).default("one_order"),
    usage_per_customer_limit: model.number().nullable(),
    usage_per_code: model.enum(["unlimited", "first_customers"]).default("unlimited"),
    usage_per_code_limit: model.number().nullable(),
    time_span_type: model.enum(["unlimited", "relative", "range"]).default("unlimited"),
    time_span_amount: model.number().nullable(),
    time_span_unit: model.enum(["days", "weeks", "months"]).nullable(),
    starts_at: model.dateTime().nullable(),
    ends_at: model.dateTime().nullable(),
    // Giving coupons (User.com "Give coupon"): validity counted from assignment, one or many per customer.
    valid_days_after_assignment: model.number().nullable(),
    allow_multiple_per_customer: model.boolean().default(false),
    // Whether coupon.assigned sends the "coupon given" notification for this promotion; the store-wide
    // notificationChannel option is the master switch (null: nothing is sent, whatever this says).
    notify_on_assign: model.boolean().default(true),
    low_stock_threshold: model.number().nullable(),
    // Limits and stacking (issue 16). "code" is the column default so promotions made before keep counting per code;
    // the rules default a new promotion code to "promotion" (src/engine/promotion-rules.ts).
    per_customer_scope: model.enum(["promotion", "code"]).default("code"),
    max_orders: model.number().nullable(),
    // Money in currency_code.
    budget: model.bigNumber().nullable(),
    max_discount: model.bigNumber().nullable(),
    combinable_with_native: model.boolean().default(true),
    combinable_with_coupons: model.boolean().default(true),
    excluded_product_ids: model.array().default([]),
    excluded_collection_ids: model.array().default([]),
    excluded_category_ids: model.array().default([]),
    exclude_discounted_lines: model.boolean().default(false),
    // Who and where (issue 17). Money per currency: {"usd": {"discount_value": 12, "min_purchase": 60, "max_discount":
    // null, "budget": null}}; the single-currency columns above hold the row of currency_code (engine
    // currency-amounts.ts). Empty: a percentage without money amounts, valid in every currency.
    currency_amounts: model.json().default({}),
    customer_group_ids: model.array().default([]),
    first_order_only: model.boolean().default(false),
    archived_at: model.dateTime().nullable(),
    codes_total: model.number().default(0),
    codes_unassigned: model.number().default(0),
    codes_assigned: model.number().default(0),
    codes_used_partially: model.number().default(0),
    codes_used_fully: model.number().default(0),
    customers_used: model.number().default(0),
    // Counted "first N customers" who have no use left under the per-customer limit: with customers_used it tells
    // when a promotion code is used up (computePromotionStatus) without counting redemptions.
    customers_exhausted: model.number().default(0),
    // Live (reserved or confirmed) redemptions across all codes, and their discount by currency ({"eur": "25.5"},
    // decimal text): what max_orders and the budget are checked against under the promotion's row lock.
    orders_count: model.number().default(0),
    discount_used: model.json().default({}),
    metadata: model.json().nullable(),
    batches: model.hasMany(() => CouponBatch, { mappedBy: "promotion" }),
    coupons: model.hasMany(() => Coupon, { mappedBy: "promotion" }),
  })
  .indexes([
    { on: ["custom_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["status"], where: "deleted_at IS NULL" },
  ])

export default CouponPromotion
