import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Issue 19: a bulk load no longer writes an index entry per code. Generated, then by hand: the backfill.
 * - coupon_batch.code_id_prefix: a batch's bulk-loaded codes are the primary-key range prefix + 10 hex digits (see
 *   ../sql/batch-rows.ts). Existing batches get theirs from their codes when every code has one shared prefix of
 *   that shape and no other row lies in the range; any other batch keeps null and is found by a scan.
 * - IDX_coupon_promotion_id_state (every live code) becomes IDX_coupon_promotion_id_state_id, which leaves out
 *   the unassigned codes of batches: those are read by their batch's range.
 */
export class Migration20261203101550 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "coupon_batch" add column if not exists "code_id_prefix" text null, add column if not exists "assign_cursor" text null;`);

    this.addSql(`WITH loaded AS (
        SELECT batch_id, min(left(id, 23)) AS prefix, max(left(id, 23)) AS last_prefix, count(*) AS n,
               bool_and(id ~ '^coupon_[0-9A-Z]{16}[0-9A-F]{10}$') AS shaped
          FROM coupon WHERE batch_id IS NOT NULL GROUP BY batch_id
      )
      UPDATE coupon_batch b SET code_id_prefix = l.prefix
        FROM loaded l
       WHERE b.id = l.batch_id AND b.code_id_prefix IS NULL AND l.prefix = l.last_prefix AND l.shaped
         AND (SELECT count(*) FROM coupon c
               WHERE c.id BETWEEN l.prefix || '0000000000' AND l.prefix || 'ZZZZZZZZZZ') = l.n;`);

    this.addSql(`drop index if exists "IDX_coupon_promotion_id_state";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_promotion_id_state_id" ON "coupon" ("promotion_id", "state", "id") WHERE deleted_at IS NULL AND (state <> 'unassigned' OR batch_id IS NULL);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "coupon_batch" drop column if exists "code_id_prefix", drop column if exists "assign_cursor";`);

    this.addSql(`drop index if exists "IDX_coupon_promotion_id_state_id";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_promotion_id_state" ON "coupon" ("promotion_id", "state") WHERE deleted_at IS NULL;`);
  }

}
