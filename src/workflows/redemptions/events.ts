/** Events of the redemption ledger (data carries ids and amounts, never codes). */
export const CouponRedemptionEvents = {
  /**
   * A coupon was used by an order: `{ id, coupon_id, promotion_id, order_id, cart_id, customer_id, amount,
   * currency_code }` (id = the redemption). Emitted when the order confirms the checkout reservation.
   */
  REDEEMED: "coupon.redeemed",
  /**
   * A use was given back (`reason`: "order_canceled", "completion_failed", "reservation_timeout" or the caller's):
   * `{ id, coupon_id, promotion_id, order_id, cart_id, customer_id, amount, currency_code, reason, previous_state }`.
   */
  RELEASED: "coupon.released",
} as const

export const RedemptionReleaseReasons = {
  ORDER_CANCELED: "order_canceled",
  COMPLETION_FAILED: "completion_failed",
  RESERVATION_TIMEOUT: "reservation_timeout",
} as const
