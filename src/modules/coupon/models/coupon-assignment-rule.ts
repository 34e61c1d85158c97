import { model } from "@medusajs/framework/utils"

/**
 * "When event E happens, give a coupon of promotion P to the customer in the event" (User.com "Give coupon"
 * automation). `customer_id_path` is a dotted path into the event data; when `resolve_customer_from` is "order"
 * the value found there is an order id and the order's customer gets the coupon (order.placed only carries `id`).
 */
const CouponAssignmentRule = model
  .define("coupon_assignment_rule", {
    id: model.id({ prefix: "crule" }).primaryKey(),
    name: model.text().nullable(),
    event_name: model.text(),
    promotion_id: model.text(),
    customer_id_path: model.text().default("id"),
    resolve_customer_from: model.enum(["customer", "order"]).default("customer"),
    enabled: model.boolean().default(true),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["event_name", "enabled"], where: "deleted_at IS NULL" },
    { on: ["promotion_id"], where: "deleted_at IS NULL" },
  ])

export default CouponAssignmentRule
