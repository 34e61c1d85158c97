export * from "./batches"
export * from "./assignment"
export * from "./coupon-promotions"
export * from "./cart-coupons"
