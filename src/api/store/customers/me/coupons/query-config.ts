// What a shopper may see of their own codes: no counters or internal promotion settings.
export const defaultStoreCouponFields = [
  "id",
  "code",
  "state",
  "assigned_at",
  "expires_at",
  "uses_count",
  "amount_used",
  "promotion.custom_id",
  "promotion.name",
  "promotion.description",
  "promotion.coupon_type",
  "promotion.discount_type",
  "promotion.discount_value",
  "promotion.currency_code",
  "promotion.starts_at",
  "promotion.ends_at",
]

export const listStoreCouponsQueryConfig = {
  defaults: defaultStoreCouponFields,
  allowed: defaultStoreCouponFields,
  defaultLimit: 50,
  isList: true,
}
