import { z } from "@medusajs/framework/zod"
import { createSelectParams } from "@medusajs/medusa/api/utils/validators"
import { boundedFindParams, boundedInt, boundedMetadata, MAX_PERIOD } from "../../utils/validators"

export const COMPUTED_PROMOTION_STATUSES = ["active", "inactive", "expired", "scheduled", "archived"] as const

const csvOrArray = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v),
    z.array(item)
  )

export const AdminGetCouponPromotionsParams = boundedFindParams({ limit: 20, offset: 0 }).merge(
  z.object({
    /** Search in name and custom ID (case-insensitive, substring). */
    q: z.string().optional(),
    /** The computed status an admin sees: one value, a comma list, or repeated `status[]`. */
    status: csvOrArray(z.enum(COMPUTED_PROMOTION_STATUSES)).optional(),
  })
)
export type AdminGetCouponPromotionsParamsType = z.infer<typeof AdminGetCouponPromotionsParams>

export const AdminGetCouponPromotionParams = createSelectParams()
export type AdminGetCouponPromotionParamsType = z.infer<typeof AdminGetCouponPromotionParams>

// Templates and storefronts refer to a promotion by this ID ({{coupon CUSTOM_ID}}, ?promotion=CUSTOM_ID): keep it
// to characters that survive URLs and template syntax unescaped.
const customId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
    message:
      "Field 'custom_id' must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit",
  })

const name = z.string().trim().min(1).max(255)
const ids = z.array(z.string().min(1))
const date = (field: string) =>
  z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: `Field '${field}' must be an ISO 8601 date` })
// Every count below is an `integer` column (see the coupon_promotion migration).
const positiveInt = boundedInt(1)

/** Every rule field; cross-field combinations are checked on the merged state by the workflow (engine rules). */
const ruleFields = {
  description: z.string().nullish(),
  sales_channel_id: z.string().min(1).nullish(),
  status: z.enum(["active", "inactive"]).optional(),
  inactive_message: z.string().trim().min(1).optional(),
  coupon_type: z.enum(["personal", "promotion_code"]),
  discount_type: z.enum(["fixed", "percentage"]),
  // Required for a percentage and for a single-currency fixed discount; a fixed discount given in `currency_amounts`
  // has none (the engine says which is missing).
  discount_value: z.number().finite().optional(),
  currency_code: z.string().trim().length(3).nullish(),
  applies_to: z.enum(["all", "specific"]).optional(),
  target_product_ids: ids.optional(),
  target_collection_ids: ids.optional(),
  target_category_ids: ids.optional(),
  min_purchase: z.number().finite().min(0).optional(),
  usage_per_customer: z.enum(["one_order", "unlimited", "limited"]).optional(),
  usage_per_customer_limit: positiveInt.nullish(),
  usage_per_code: z.enum(["unlimited", "first_customers"]).optional(),
  usage_per_code_limit: positiveInt.nullish(),
  time_span_type: z.enum(["unlimited", "relative", "range"]).optional(),
  time_span_amount: boundedInt(1, MAX_PERIOD).nullish(),
  time_span_unit: z.enum(["days", "weeks", "months"]).nullish(),
  starts_at: date("starts_at").nullish(),
  ends_at: date("ends_at").nullish(),
  valid_days_after_assignment: boundedInt(1, MAX_PERIOD).nullish(),
  allow_multiple_per_customer: z.boolean().optional(),
  notify_on_assign: z.boolean().optional(),
  low_stock_threshold: boundedInt(0).nullish(),
  metadata: boundedMetadata().nullish(),
  // Limits and stacking (README "Limits and stacking").
  per_customer_scope: z.enum(["promotion", "code"]).optional(),
  max_orders: positiveInt.nullish(),
  budget: z.number().finite().positive().nullish(),
  max_discount: z.number().finite().positive().nullish(),
  combinable_with_native: z.boolean().optional(),
  combinable_with_coupons: z.boolean().optional(),
  excluded_product_ids: ids.optional(),
  excluded_collection_ids: ids.optional(),
  excluded_category_ids: ids.optional(),
  exclude_discounted_lines: z.boolean().optional(),
  // Who and where (README "Currencies, customer groups, first order").
  currency_amounts: z
    .record(
      z.string().trim().regex(/^[A-Za-z]{3}$/, { message: "Field 'currency_amounts' keys must be 3-letter currency codes" }),
      z
        .object({
          discount_value: z.number().finite().positive().nullish(),
          min_purchase: z.number().finite().min(0).nullish(),
          max_discount: z.number().finite().positive().nullish(),
          budget: z.number().finite().positive().nullish(),
        })
        .strict()
    )
    .refine((rows) => Object.keys(rows).length <= 200, { message: "Field 'currency_amounts' holds at most 200 currencies" })
    .nullish(),
  customer_group_ids: ids.max(1000).optional(),
  first_order_only: z.boolean().optional(),
}

export const AdminCreateCouponPromotion = z
  .object({
    custom_id: customId,
    name,
    ...ruleFields,
  })
  .strict()
export type AdminCreateCouponPromotionType = z.infer<typeof AdminCreateCouponPromotion>

export const AdminUpdateCouponPromotion = z
  .object({
    custom_id: customId.optional(),
    name: name.optional(),
    ...ruleFields,
    coupon_type: ruleFields.coupon_type.optional(),
    discount_type: ruleFields.discount_type.optional(),
  })
  .strict()
export type AdminUpdateCouponPromotionType = z.infer<typeof AdminUpdateCouponPromotion>

/** A copy gets a new custom ID (default: "<source>-copy", numbered if taken) and name (default: "<name> (copy)"). */
export const AdminDuplicateCouponPromotion = z
  .object({
    custom_id: customId.optional(),
    name: name.optional(),
  })
  .strict()
export type AdminDuplicateCouponPromotionType = z.infer<typeof AdminDuplicateCouponPromotion>

export const AdminArchiveCouponPromotion = z.object({}).strict()
