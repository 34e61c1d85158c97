export const defaultAdminCustomerCouponFields = [
  "id",
  "code",
  "state",
  "customer_id",
  "assigned_at",
  "expires_at",
  "amount_used",
  "uses_count",
  "promotion.id",
  "promotion.custom_id",
  "promotion.name",
  "promotion.coupon_type",
  "promotion.discount_type",
  "promotion.discount_value",
  "promotion.currency_code",
]

export const listAdminCustomerCouponsQueryConfig = {
  defaults: defaultAdminCustomerCouponFields,
  defaultLimit: 20,
  isList: true,
}
