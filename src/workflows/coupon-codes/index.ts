export * from "./events"
export * from "./workflows/void-coupons"
export * from "./workflows/extend-expiry"
