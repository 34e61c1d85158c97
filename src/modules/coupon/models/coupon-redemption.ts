import { model } from "@medusajs/framework/utils"
import Coupon from "./coupon"

/**
 * Ledger row per use of a coupon: reserved while a cart completes, confirmed with the order,
 * released when completion fails or the order is canceled (uses and balance come back).
 */
const CouponRedemption = model
  .define("coupon_redemption", {
    id: model.id({ prefix: "credeem" }).primaryKey(),
    promotion_id: model.text(),
    customer_id: model.text().nullable(),
    // The cart's e-mail, lower case: a guest's uses of a promotion are matched by it (per_customer_scope "promotion").
    email: model.text().nullable(),
    cart_id: model.text(),
    order_id: model.text().nullable(),
    amount: model.bigNumber(),
    currency_code: model.text(),
    state: model.enum(["reserved", "confirmed", "released"]).default("reserved"),
    // True when this use made the customer count towards "first N customers" (so a release gives the slot back).
    counted_customer: model.boolean().default(false),
    // True when this use gave an unowned personal coupon to its customer (uStore hands codes out on paper): releasing
    // the last use takes the coupon back to the unassigned pool.
    assigned_coupon: model.boolean().default(false),
    reserved_at: model.dateTime(),
    confirmed_at: model.dateTime().nullable(),
    released_at: model.dateTime().nullable(),
    release_reason: model.text().nullable(),
    metadata: model.json().nullable(),
    coupon: model.belongsTo(() => Coupon, { mappedBy: "redemptions" }),
  })
  .indexes([
    { on: ["cart_id", "coupon_id"], unique: true, where: "deleted_at IS NULL AND state != 'released'" },
    { on: ["order_id"], where: "deleted_at IS NULL AND order_id IS NOT NULL" },
    // "Has any code of this promotion ever been used?" (rules lock, delete guard) without scanning the ledger.
    { on: ["promotion_id"], where: "deleted_at IS NULL" },
    { on: ["coupon_id", "customer_id"], where: "deleted_at IS NULL" },
    // A customer's uses across a promotion's codes (per_customer_scope "promotion"), by account and by e-mail.
    { on: ["promotion_id", "customer_id"], where: "deleted_at IS NULL AND state != 'released'" },
    { on: ["promotion_id", "email"], where: "deleted_at IS NULL AND state != 'released'" },
    { on: ["state", "reserved_at"], where: "deleted_at IS NULL AND state = 'reserved'" },
  ])

export default CouponRedemption
