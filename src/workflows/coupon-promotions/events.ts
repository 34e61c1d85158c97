/** Events of coupon promotion setup (data: ids only; subscribers read the promotion if they need more). */
export const CouponPromotionEvents = {
  /** `{ id, duplicated_from? }`: a promotion was created, or duplicated from `duplicated_from`. */
  CREATED: "coupon_promotion.created",
  /** `{ id, fields }`: the promotion's setup changed; `fields` lists what the request changed. */
  UPDATED: "coupon_promotion.updated",
  /** `{ id }`: archived (irreversible; its codes are refused at checkout). */
  ARCHIVED: "coupon_promotion.archived",
  /** `{ id }`: deleted together with its batches and codes (only possible while no code was ever used). */
  DELETED: "coupon_promotion.deleted",
} as const
