/** Events of voiding codes (data: ids and counts only; codes never travel on the bus). */
export const CouponCodeEvents = {
  /** `{ id, promotion_id, batch_id, customer_id, previous_state }`: one code was voided by an admin. */
  VOIDED: "coupon.voided",
  /** `{ id, promotion_id, voided }`: every unused code of a batch was voided (no coupon.voided per code). */
  BATCH_VOIDED: "coupon_batch.voided",
} as const
