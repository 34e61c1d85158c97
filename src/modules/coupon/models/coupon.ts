import { model } from "@medusajs/framework/utils"
import CouponRedemption from "./coupon-redemption"

/**
 * One code. `code` is stored normalized (trimmed, upper-case) and is unique in the whole system,
 * soft-deleted rows included, so a code once handed out can never mean something else.
 * `amount_used` is only written for personal fixed coupons (gift-card balance = discount_value - amount_used).
 */
const Coupon = model
  .define("coupon", {
    id: model.id({ prefix: "coupon" }).primaryKey(),
    code: model.text().searchable(),
    state: model
      .enum(["unassigned", "assigned", "used_partially", "used_fully", "void"])
      .default("unassigned"),
    customer_id: model.text().nullable(),
    assigned_at: model.dateTime().nullable(),
    expires_at: model.dateTime().nullable(),
    amount_used: model.bigNumber().nullable(),
    uses_count: model.number().default(0),
    customers_count: model.number().default(0),
    // Counted customers of this code with no use left under the per-customer limit: with customers_count it tells
    // when a "first N customers" code is used fully (engine couponUsageState). Kept by the redemption writers.
    customers_exhausted: model.number().default(0),
    metadata: model.json().nullable(),
    // Plain columns, not relations. A DML belongsTo adds a foreign key (a per-row trigger that re-reads and
    // key-share-locks the promotion row) and a single-column index: at a million codes the two were about half of
    // loading a batch. Codes are only ever written by the batch service, with the batch and promotion rows in the
    // same transaction, and promotions are soft-deleted, never removed. query.graph still expands
    // `coupon.promotion` through the read-only link in src/links/coupon-promotion-of-coupon.ts.
    promotion_id: model.text(),
    batch_id: model.text().nullable(),
    redemptions: model.hasMany(() => CouponRedemption, { mappedBy: "coupon" }),
  })
  // Every index here costs each loaded code one more insert, so there are only these (and the primary key).
  // DML also adds one on deleted_at to every model; migration Migration20261201205248 drops it for this table.
  // The HTTP suite's schema check (foundation.spec.ts) holds the migrated table to exactly this list.
  .indexes([
    // Not partial: a soft-deleted code still blocks re-use.
    { name: "IDX_coupon_code_unique", on: ["code"], unique: true, where: null as any },
    // "The promotion's codes in a state": assignment takes the next unassigned one. Batch queries (a batch's
    // codes.csv, undoing an import) name the promotion too and filter batch_id on its rows: both are rare, and an
    // index of their own (or batch_id in this one, ~15% of a bulk load) would cost every loaded code.
    { on: ["promotion_id", "state"], where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "deleted_at IS NULL AND customer_id IS NOT NULL" },
  ])

export default Coupon
