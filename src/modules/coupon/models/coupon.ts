import { model } from "@medusajs/framework/utils"
import CouponPromotion from "./coupon-promotion"
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
    // The relation stays (relations: ["promotion"], query.graph `promotion.*`), but migration
    // Migration20261201211030 drops the foreign key and the single-column index it adds in the database: the key
    // was a per-row trigger that re-read and key-share-locked the promotion row, and together they were about half
    // of loading a million codes. Codes are only written by the batch service, with the promotion row locked in the
    // same transaction, and promotions are soft-deleted, never removed, so the key guarded nothing at run time.
    promotion: model.belongsTo(() => CouponPromotion, { mappedBy: "coupons" }),
    // A plain column, not a relation: nothing reads coupon.batch, and a foreign key would cost the same trigger.
    batch_id: model.text().nullable(),
    redemptions: model.hasMany(() => CouponRedemption, { mappedBy: "coupon" }),
  })
  // Every index here costs each loaded code one more insert, so there are only these (and the primary key).
  // DML also adds one on deleted_at to every model, and belongsTo one on promotion_id (a prefix of the
  // (promotion_id, state) index); Migration20261201211030 drops both for this table. The HTTP suite's schema check
  // (foundation.spec.ts) holds the migrated table to exactly this list, without foreign keys.
  .indexes([
    // Not partial: a soft-deleted code still blocks re-use.
    { name: "IDX_coupon_code_unique", on: ["code"], unique: true, where: null as any },
    // A promotion's codes by state, for the codes that are not unassigned codes of a batch: a bulk load writes only
    // unassigned codes with a batch_id, so it never writes an entry here (this index was a third of loading a million
    // codes). Those are one primary-key range per batch instead (coupon_batch.code_id_prefix, ../sql/batch-rows.ts):
    // assignment, the code list and every batch query read them there. An assigned, used or void code, and a code
    // written without a batch, is here; `id` last keeps one state's codes in list order.
    {
      on: ["promotion_id", "state", "id"],
      where: "deleted_at IS NULL AND (state <> 'unassigned' OR batch_id IS NULL)",
    },
    { on: ["customer_id"], where: "deleted_at IS NULL AND customer_id IS NOT NULL" },
  ])

export default Coupon
