// Admin "Extend expiry" on a batch: one new expires_at for the batch's codes. The date's rules (ISO 8601, a date being
// the end of that day UTC, not in the past) are the engine's and the workflow's; this is the write.
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { lockOpenPromotion, setLockTimeout } from "./open-promotion"
import { findSettledBatch } from "./void-codes"
import { batchRowsWhere } from "./sql/batch-rows"

export type BatchExpiryInput = { promotion_id: string; batch_id: string; expires_at: Date }

/**
 * Sets expires_at on every code of the batch that can still be used or given (void codes stay as they are), in the
 * caller's transaction, locking as the other writers do: the promotion row, then the coupon rows by id. A checkout
 * completing meanwhile re-reads the expiry under the same locks. Returns how many codes were updated.
 */
export async function setBatchCouponExpiry(knex: Knex, input: BatchExpiryInput, lockTimeoutMs: number) {
  await setLockTimeout(knex, lockTimeoutMs)
  await lockOpenPromotion(knex, input.promotion_id)
  const batch = batchRowsWhere(await findSettledBatch(knex, input.promotion_id, input.batch_id, "extend its expiry"))
  const { rows } = await knex.raw(
    `WITH picked AS (
       SELECT id FROM coupon
        WHERE ${batch.sql} AND deleted_at IS NULL AND state <> 'void'
        ORDER BY id FOR UPDATE
     ), updated AS (
       UPDATE coupon c SET expires_at = ?, updated_at = now() FROM picked WHERE c.id = picked.id RETURNING c.id
     )
     SELECT count(*)::int AS updated FROM updated`,
    [...batch.bindings, input.expires_at]
  )
  return { updated: rows[0].updated as number }
}
