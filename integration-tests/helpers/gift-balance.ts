// The personal 100.00 EUR balance, one code given to its owner, that the checkout races, scripts/cluster-seed.ts and
// the invariants spec seed: promotion fields only (no app imports), so module specs can use it too.
export const GIFT_BALANCE_PROMOTION = {
  coupon_type: "personal",
  discount_type: "fixed",
  discount_value: 100,
  currency_code: "eur",
  usage_per_customer: "unlimited",
  codes_total: 1,
  codes_assigned: 1,
}
