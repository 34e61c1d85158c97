import { PROMOTION_ADMIN_COLUMNS } from "../../../modules/coupon/promotion-fields"

export const defaultAdminCouponPromotionFields = [
  ...PROMOTION_ADMIN_COLUMNS,
  // "Store Name" column, through the read-only link to the sales channel module.
  "sales_channel.id",
  "sales_channel.name",
  // Stats per batch (counters, like the promotion's own).
  "batches.id",
  "batches.source",
  "batches.state",
  "batches.file_name",
  "batches.codes_total",
  "batches.codes_unassigned",
  "batches.codes_assigned",
  "batches.codes_used_partially",
  "batches.codes_used_fully",
  "batches.created_at",
]

/** What computePromotionStatus reads: always fetched, so `computed_status` is right whatever `fields` asked for. */
export const promotionStatusInputFields = [
  "id",
  "status",
  "archived_at",
  "starts_at",
  "ends_at",
  "coupon_type",
  "usage_per_code",
  "usage_per_code_limit",
  "codes_total",
  "codes_used_fully",
  "customers_used",
  "customers_exhausted",
]

export const listAdminCouponPromotionsQueryConfig = {
  defaults: defaultAdminCouponPromotionFields,
  defaultLimit: 20,
  isList: true,
}

export const retrieveAdminCouponPromotionQueryConfig = {
  defaults: defaultAdminCouponPromotionFields,
  isList: false,
}
