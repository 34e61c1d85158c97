import { model } from "@medusajs/framework/utils"

/**
 * One refused coupon code (or unknown promo code) typed into a cart: the brute-force throttle counts these per cart,
 * per client address and per logged-in customer over a window. In Postgres, so every app instance sees the same counts.
 */
const CouponFailedAttempt = model
  .define("coupon_failed_attempt", {
    id: model.id({ prefix: "cfail" }).primaryKey(),
    cart_id: model.text().nullable(),
    client_ip: model.text().nullable(),
    customer_id: model.text().nullable(),
    code: model.text().nullable(),
  })
  .indexes([
    { on: ["cart_id", "created_at"], where: "deleted_at IS NULL" },
    { on: ["client_ip", "created_at"], where: "deleted_at IS NULL" },
    { on: ["customer_id", "created_at"], where: "deleted_at IS NULL" },
  ])

export default CouponFailedAttempt
