import { model } from "@medusajs/framework/utils"

/**
 * A coupon code applied to a cart. The discount itself lives in the cart as line-item adjustments (provider
 * "coupon-batches"), recomputed on every cart refresh from these rows; completion locks and re-checks them.
 * Kept out of cart.metadata, which storefront updates replace wholesale.
 */
const CouponCartCode = model
  .define("coupon_cart_code", {
    id: model.id({ prefix: "ccart" }).primaryKey(),
    cart_id: model.text(),
    coupon_id: model.text(),
    promotion_id: model.text(),
    // Normalized, as stored on the coupon; named in the adjustment description ("Coupon ABCD2345").
    code: model.text(),
    // The customer the applying request was authenticated as (null: a guest). A personal coupon counts only while
    // this is still the cart's customer: the cart's own customer may have been attached by e-mail, which proves nothing.
    customer_id: model.text().nullable(),
  })
  .indexes([
    { on: ["cart_id", "coupon_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["coupon_id"], where: "deleted_at IS NULL" },
  ])

export default CouponCartCode
