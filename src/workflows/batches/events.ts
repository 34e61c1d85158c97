/** Events of code batches (data: ids and counts only; codes never travel on the bus). */
export const CouponBatchEvents = {
  /** `{ id, promotion_id }`: a generated batch too large for the request was recorded; a subscriber generates it. */
  CREATED: "coupon_batch.created",
  /** `{ id, promotion_id, source, codes_total }` once the batch's codes exist. */
  COMPLETED: "coupon_batch.completed",
  /** `{ id, promotion_id, source, error }`: nothing was written; the batch keeps the error. */
  FAILED: "coupon_batch.failed",
  /** `{ id, promotion_id, codes_removed }`: an unused batch was deleted with its codes (their values stay reserved). */
  DELETED: "coupon_batch.deleted",
} as const
