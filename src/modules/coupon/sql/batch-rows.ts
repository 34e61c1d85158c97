import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/*
 * A batch's codes as one primary-key range. Codes a batch loads in bulk (generation, import) get the ids
 * `code_id_prefix` + a 10-digit upper-case hex counter (bulk-codes.ts), and the prefix is the batch's alone (a ULID
 * time and 6 random characters). So "this batch's rows" is `id BETWEEN prefix||'0000000000' AND prefix||'ZZZZZZZZZZ'`
 * on the primary key, and a bulk load needs no other index naming the batch or the promotion: the unassigned codes
 * of batches are left out of the promotion/state index (see the coupon model), and read here instead.
 *
 * Both bounds have the shape of every coupon id (`coupon_` + 26 of [0-9A-Z]), and for strings of one shape over
 * those characters every collation Postgres offers orders them as bytes, so the range is the prefix's ids and
 * nothing else; each query still names the batch_id too.
 */

export const ID_COUNTER_DIGITS = 10

export type BatchRowsScope = { id: string; promotion_id: string; code_id_prefix: string | null }

/** The first and last id a batch with this prefix can give its codes. */
export function batchIdBounds(prefix: string): { lo: string; hi: string } {
  return { lo: prefix + "0".repeat(ID_COUNTER_DIGITS), hi: prefix + "Z".repeat(ID_COUNTER_DIGITS) }
}

/**
 * SQL (knex `?` placeholders) matching the batch's codes, soft-deleted ones included: its primary-key range, or for
 * a batch without a prefix (codes written one by one with its batch_id) a scan of the promotion's codes.
 */
export function batchRowsWhere(batch: BatchRowsScope, alias = ""): { sql: string; bindings: string[] } {
  const c = alias ? `${alias}.` : ""
  if (batch.code_id_prefix) {
    const { lo, hi } = batchIdBounds(batch.code_id_prefix)
    return { sql: `${c}id BETWEEN ? AND ? AND ${c}batch_id = ?`, bindings: [lo, hi, batch.id] }
  }
  return { sql: `${c}promotion_id = ? AND ${c}batch_id = ?`, bindings: [batch.promotion_id, batch.id] }
}

/**
 * batchRowsWhere for node-postgres: its `?` placeholders numbered on after `params` (`$n`), its bindings appended to
 * `params`.
 */
export function batchRowsWherePg(batch: BatchRowsScope, params: unknown[]): string {
  const clause = batchRowsWhere(batch)
  let i = 0
  return clause.sql.replace(/\?/g, () => {
    params.push(clause.bindings[i++])
    return `$${params.length}`
  })
}

/** The batch's scope (see batchRowsWhere), or null when there is no such batch of that promotion. */
export async function loadBatchScope(knex: Knex, promotionId: string, batchId: string): Promise<BatchRowsScope | null> {
  const { rows } = await knex.raw(`SELECT id, promotion_id, code_id_prefix FROM coupon_batch WHERE id = ? AND promotion_id = ?`, [
    batchId,
    promotionId,
  ])
  return rows[0] ?? null
}

/** A promotion's batches that hold unassigned codes (by their counters), oldest first. */
export async function batchesWithUnassigned(
  knex: Knex,
  promotionId: string
): Promise<(BatchRowsScope & { assign_cursor: string | null })[]> {
  const { rows } = await knex.raw(
    `SELECT id, promotion_id, code_id_prefix, assign_cursor FROM coupon_batch
      WHERE promotion_id = ? AND codes_unassigned > 0 AND deleted_at IS NULL
      ORDER BY created_at, id`,
    [promotionId]
  )
  return rows
}

/**
 * Locks and returns the id of one unassigned live code of the promotion that no other transaction holds (SKIP
 * LOCKED), or null. Codes written without a batch come from the promotion/state index; then each batch with
 * unassigned codes (oldest first) is searched in its range from its assign_cursor on, wrapping around to the start
 * once. The caller holds the promotion row's lock, so assignments of one promotion never race for a cursor; it
 * then moves the cursor onto the code it gives (assignment.ts moveCounters).
 */
export async function lockNextUnassigned(
  knex: Knex,
  promotionId: string
): Promise<{ id: string; batch_id: string | null } | null> {
  const { rows: loose } = await knex.raw(
    `SELECT id, batch_id FROM coupon
      WHERE promotion_id = ? AND state = 'unassigned' AND batch_id IS NULL AND deleted_at IS NULL
      LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [promotionId]
  )
  if (loose.length) {
    return loose[0]
  }
  for (const batch of await batchesWithUnassigned(knex, promotionId)) {
    if (!batch.code_id_prefix) {
      const { rows } = await knex.raw(
        `SELECT id, batch_id FROM coupon
          WHERE promotion_id = ? AND batch_id = ? AND state = 'unassigned' AND deleted_at IS NULL
          LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [promotionId, batch.id]
      )
      if (rows.length) {
        return rows[0]
      }
      continue
    }
    const { lo, hi } = batchIdBounds(batch.code_id_prefix)
    const from = batch.assign_cursor && batch.assign_cursor > lo && batch.assign_cursor <= hi ? batch.assign_cursor : lo
    // From the cursor to the end, then (only if that found none) from the start up to the cursor.
    for (const [start, end] of from === lo ? [[lo, hi]] : [[from, hi], [lo, from]]) {
      const { rows } = await knex.raw(
        `SELECT id, batch_id FROM coupon
          WHERE id BETWEEN ? AND ? AND batch_id = ? AND state = 'unassigned' AND deleted_at IS NULL
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [start, end, batch.id]
      )
      if (rows.length) {
        return rows[0]
      }
    }
  }
  return null
}
