import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Redemption reports (issue 18), hand-written: indexes only, not in the DML model (the reports are raw SQL in
 * ../sql/redemption-stats.ts and nothing else reads through them).
 *
 * - Confirmed uses by promotion and confirmation time, carrying every column the stats aggregate: a range of days
 *   (and the all-promotions totals) is an index-only scan, however large the ledger.
 * - Released uses by promotion and release time, with the reason: "canceled" and "released" within a range, without
 *   reading the promotion's other rows.
 * - Confirmed uses by promotion and buyer (customer, then e-mail): every promotion's distinct buyers counted in index
 *   order, without hashing every use (small: btree deduplication folds a buyer's repeated uses).
 */
export class Migration20261203090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_promotion_id_confirmed_at" ON "coupon_redemption" ` +
        `("promotion_id", "confirmed_at") INCLUDE ("currency_code", "amount", "customer_id", "email", "coupon_id") ` +
        `WHERE deleted_at IS NULL AND state = 'confirmed';`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_promotion_id_released_at" ON "coupon_redemption" ` +
        `("promotion_id", "released_at") INCLUDE ("release_reason") WHERE deleted_at IS NULL AND state = 'released';`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_promotion_id_buyer" ON "coupon_redemption" ` +
        `("promotion_id", "customer_id", "email") WHERE deleted_at IS NULL AND state = 'confirmed';`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_coupon_redemption_promotion_id_confirmed_at";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_coupon_redemption_promotion_id_released_at";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_coupon_redemption_promotion_id_buyer";`)
  }
}
