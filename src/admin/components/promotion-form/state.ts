// What the promotion form edits: its state (numbers kept as the inputs hold them, as text), the names the API's
// messages are matched against, and the state a new or stored promotion starts from.
import type { PROMOTION_SETUP_FIELDS } from "../../../modules/coupon/promotion-fields"
import type { CouponPromotion } from "../../lib/types"
import { type CurrencyRowState, rowsFromPromotion } from "./currency"

export const DEFAULT_INACTIVE_MESSAGE = "The coupon is inactive until further notice"

/** Everything the form edits, kept as the inputs hold it (numbers as text) until it is sent. */
export type PromotionFormState = {
  name: string
  custom_id: string
  description: string
  status: "active" | "inactive"
  inactive_message: string
  coupon_type: "personal" | "promotion_code"
  sales_channel_id: string
  applies_to: "all" | "specific"
  target_product_ids: string[]
  target_collection_ids: string[]
  target_category_ids: string[]
  discount_type: "fixed" | "percentage"
  /** The percentage; a fixed discount's amounts are in `currency_amounts`. */
  discount_value: string
  /**
   * "Amounts per currency": the amount off (fixed), minimum purchase, cap (percentage) and budget in each currency;
   * the first row is the promotion's main currency (`currency_code`). None for a percentage valid everywhere.
   */
  currency_amounts: CurrencyRowState[]
  usage_per_customer: "one_order" | "unlimited" | "limited"
  usage_per_customer_limit: string
  usage_per_code: "unlimited" | "first_customers"
  usage_per_code_limit: string
  time_span_type: "unlimited" | "relative" | "range"
  time_span_amount: string
  time_span_unit: "days" | "weeks" | "months"
  starts_at: Date | null
  ends_at: Date | null
  valid_days_after_assignment: string
  allow_multiple_per_customer: boolean
  notify_on_assign: boolean
  low_stock_threshold: string
  /** "": not chosen yet (create), the API then counts per promotion for promotion codes and per code for personal. */
  per_customer_scope: "promotion" | "code" | ""
  max_orders: string
  combinable_with_native: boolean
  combinable_with_coupons: boolean
  excluded_product_ids: string[]
  excluded_collection_ids: string[]
  excluded_category_ids: string[]
  exclude_discounted_lines: boolean
  /** Only logged-in members of these groups may use the codes; none: anyone. */
  customer_group_ids: string[]
  first_order_only: boolean
}

const text = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v))

/** Whose orders "Usage per customer" counts when the form has not chosen: the API's default for the coupon type. */
export const defaultPerCustomerScope = (couponType: PromotionFormState["coupon_type"]) =>
  couponType === "personal" ? "code" : "promotion"

export function initialFormState(p?: CouponPromotion): PromotionFormState {
  return {
    name: p?.name ?? "",
    custom_id: p?.custom_id ?? "",
    description: p?.description ?? "",
    status: p?.status ?? "active",
    inactive_message: p?.inactive_message ?? DEFAULT_INACTIVE_MESSAGE,
    coupon_type: p?.coupon_type ?? "personal",
    sales_channel_id: p?.sales_channel_id ?? "",
    applies_to: p?.applies_to ?? "all",
    target_product_ids: p?.target_product_ids ?? [],
    target_collection_ids: p?.target_collection_ids ?? [],
    target_category_ids: p?.target_category_ids ?? [],
    discount_type: p?.discount_type ?? "percentage",
    discount_value: p?.discount_type === "fixed" ? "" : text(p?.discount_value),
    currency_amounts: p ? rowsFromPromotion(p) : [],
    usage_per_customer: p?.usage_per_customer ?? "one_order",
    usage_per_customer_limit: text(p?.usage_per_customer_limit),
    usage_per_code: p?.usage_per_code ?? "unlimited",
    usage_per_code_limit: text(p?.usage_per_code_limit),
    time_span_type: p?.time_span_type ?? "unlimited",
    time_span_amount: text(p?.time_span_amount),
    time_span_unit: p?.time_span_unit ?? "days",
    starts_at: p?.starts_at ? new Date(p.starts_at) : null,
    ends_at: p?.ends_at ? new Date(p.ends_at) : null,
    valid_days_after_assignment: text(p?.valid_days_after_assignment),
    allow_multiple_per_customer: p?.allow_multiple_per_customer ?? false,
    notify_on_assign: p?.notify_on_assign ?? true,
    low_stock_threshold: text(p?.low_stock_threshold),
    per_customer_scope: p?.per_customer_scope ?? "",
    max_orders: text(p?.max_orders),
    combinable_with_native: p?.combinable_with_native ?? true,
    combinable_with_coupons: p?.combinable_with_coupons ?? true,
    excluded_product_ids: p?.excluded_product_ids ?? [],
    excluded_collection_ids: p?.excluded_collection_ids ?? [],
    excluded_category_ids: p?.excluded_category_ids ?? [],
    exclude_discounted_lines: p?.exclude_discounted_lines ?? false,
    customer_group_ids: p?.customer_group_ids ?? [],
    first_order_only: p?.first_order_only ?? false,
  }
}

/**
 * The fields the form edits, in the state's order: the API's messages naming one of them show under its input,
 * the rest above the form.
 */
export const PROMOTION_FORM_FIELDS = Object.keys(initialFormState()) as readonly (keyof PromotionFormState)[]

// Each entry of the state is a column of the promotion's setup (the module's list; a type-only import, so the
// admin bundle takes nothing from the module): a renamed or misspelt entry fails to compile here.
type Assert<T extends true> = T
export type FormFieldsAreSetupFields = Assert<
  keyof PromotionFormState extends (typeof PROMOTION_SETUP_FIELDS)[number] ? true : false
>
