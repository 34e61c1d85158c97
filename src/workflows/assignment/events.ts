/** Events of giving coupons (data: ids only; subscribers look codes up, so codes never travel on the bus). */
export const CouponAssignmentEvents = {
  /** `{ id, promotion_id, promotion_custom_id, customer_id }`: User.com's "Coupon given" trigger. */
  ASSIGNED: "coupon.assigned",
  /** `{ id, promotion_id, previous_customer_id }` */
  UNASSIGNED: "coupon.unassigned",
  /** `{ id, custom_id, codes_unassigned, threshold }`: the promotion just reached its low-stock threshold. */
  PROMOTION_LOW_STOCK: "coupon_promotion.low_stock",
  /** `{ id }`: a bulk assignment to a customer group was requested; its subscriber runs it in the background. */
  BULK_ASSIGNMENT_CREATED: "coupon_bulk_assignment.created",
  /** `{ id, state }` when a bulk assignment ends (completed or failed). */
  BULK_ASSIGNMENT_FINISHED: "coupon_bulk_assignment.finished",
} as const

/** Events assignment rules always listen to; plugin option `assignmentRuleEvents` adds more. */
export const DEFAULT_RULE_EVENTS = ["customer.created", "order.placed"]
