export * from "./cart-coupon-data"
export * from "./refresh-cart-coupons"
export * from "./workflows/apply-cart-coupons"
export * from "./workflows/remove-cart-coupons"
