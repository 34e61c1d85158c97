/**
 * The life of a generated batch (and, with the same columns, of a customer-group assignment run) across crashes. A batch is written by one worker at a time: the worker claims it
 * (pending → running, a conditional update only one instance can win), keeps a heartbeat while it writes, and ends
 * it completed or failed. A worker that dies (kill -9, a deploy, an OOM) leaves its transaction rolled back, so the
 * codes are simply not there, and its batch with a heartbeat that stops. The recovery job finds such batches by
 * the lease (no heartbeat for `leaseSeconds`) and by a pending batch nobody picked up (its event was lost), takes
 * them over with another conditional update, and runs them again, up to `maxRecoveries` times.
 *
 * Every write here is a single-row conditional UPDATE on coupon_batch: it takes no other lock, so it fits any lock
 * order (see ../service.ts).
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { batchRowsWhere, loadBatchScope } from "./batch-rows"

export type OrphanedBatch = {
  id: string
  promotion_id: string
  source: "generated" | "imported"
  state: "pending" | "running"
  recovery_attempts: number
}

export type BatchLease = {
  /** A running batch without a heartbeat for this long has lost its worker. */
  leaseSeconds: number
  /** A pending batch nobody claimed for this long missed its event. */
  pendingGraceSeconds: number
}

/** The background runs that live by a lease: generated batches and customer-group assignments. */
export type LeasedTable = "coupon_batch" | "coupon_bulk_assignment"

const ORPHANED = `deleted_at IS NULL AND (
    (state = 'running' AND coalesce(heartbeat_at, started_at, updated_at) < now() - make_interval(secs => :lease))
    OR (state = 'pending' AND updated_at < now() - make_interval(secs => :grace))
  )`

/** pending → running for exactly one caller; false when someone else has it (or it is not pending). */
/**
 * pending → running for exactly one caller; false when someone else has it (or it is not pending). A batch starts
 * from zero (its codes are written in one transaction); an assignment run resumes where it stopped.
 */
export async function claimPendingBatch(knex: Knex, batchId: string, table: LeasedTable = "coupon_batch"): Promise<boolean> {
  const restart = table === "coupon_batch" ? "processed_count = 0, error = NULL," : "error = NULL,"
  const { rows } = await knex.raw(
    `UPDATE ${table} SET state = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now(), ${restart}
            updated_at = now()
      WHERE id = ? AND state = 'pending' AND deleted_at IS NULL RETURNING id`,
    [batchId]
  )
  return rows.length === 1
}

export async function heartbeatBatch(knex: Knex, batchId: string, table: LeasedTable = "coupon_batch"): Promise<void> {
  await knex.raw(`UPDATE ${table} SET heartbeat_at = now() WHERE id = ? AND state = 'running'`, [batchId])
}

export async function listOrphanedBatches(
  knex: Knex,
  lease: BatchLease,
  limit = 50,
  table: LeasedTable = "coupon_batch"
): Promise<OrphanedBatch[]> {
  const source = table === "coupon_batch" ? "source" : "'generated' AS source"
  const { rows } = await knex.raw(
    `SELECT id, promotion_id, ${source}, state, recovery_attempts FROM ${table} WHERE ${ORPHANED}
      ORDER BY created_at LIMIT :limit`,
    { lease: lease.leaseSeconds, grace: lease.pendingGraceSeconds, limit }
  )
  return rows
}

/**
 * Takes an orphaned run over: back to pending, one more recovery counted (a batch also loses its progress, which
 * its rolled-back transaction never kept). Conditional on it still being orphaned, so of several instances running
 * the job at once exactly one wins (true).
 */
export async function requeueOrphanedBatch(
  knex: Knex,
  batchId: string,
  lease: BatchLease,
  table: LeasedTable = "coupon_batch"
): Promise<boolean> {
  const restart = table === "coupon_batch" ? "processed_count = 0, started_at = NULL," : ""
  const { rows } = await knex.raw(
    `UPDATE ${table} SET state = 'pending', ${restart} heartbeat_at = NULL,
            recovery_attempts = recovery_attempts + 1, updated_at = now()
      WHERE id = :id AND ${ORPHANED} RETURNING id`,
    { id: batchId, lease: lease.leaseSeconds, grace: lease.pendingGraceSeconds }
  )
  return rows.length === 1
}

/** Ends an orphaned batch as failed with `error` (same condition as requeueOrphanedBatch). */
export async function failOrphanedBatch(
  knex: Knex,
  batchId: string,
  lease: BatchLease,
  error: { type: string; message: string },
  table: LeasedTable = "coupon_batch"
): Promise<boolean> {
  const restart = table === "coupon_batch" ? "processed_count = 0," : ""
  const { rows } = await knex.raw(
    `UPDATE ${table} SET state = 'failed', ${restart} heartbeat_at = NULL, completed_at = now(),
            error = CAST(:error AS jsonb), updated_at = now()
      WHERE id = :id AND ${ORPHANED} RETURNING id`,
    { id: batchId, lease: lease.leaseSeconds, grace: lease.pendingGraceSeconds, error: JSON.stringify(error) }
  )
  return rows.length === 1
}

/** A failed generated batch back to pending for another run (admin "Retry"); false if it is not one. */
export async function retryFailedBatch(knex: Knex, batchId: string): Promise<boolean> {
  const { rows } = await knex.raw(
    `UPDATE coupon_batch SET state = 'pending', processed_count = 0, error = NULL, completed_at = NULL,
            started_at = NULL, heartbeat_at = NULL, recovery_attempts = 0, updated_at = now()
      WHERE id = ? AND state = 'failed' AND source = 'generated' AND deleted_at IS NULL RETURNING id`,
    [batchId]
  )
  return rows.length === 1
}

/**
 * Deletes a batch none of whose codes ever left the unassigned pool (admin "Delete"): the batch and its codes are
 * soft-deleted, so the codes keep their values reserved (the code index counts soft-deleted rows), exactly as when a
 * promotion is deleted. Not while it is being generated. Locks promotion row, then batch row (the module's order).
 * Returns the number of codes removed.
 */
export async function deleteUnusedBatch(trx: Knex.Transaction, input: { promotion_id: string; batch_id: string }) {
  await trx.raw(`SELECT 1 FROM coupon_promotion WHERE id = ? FOR UPDATE`, [input.promotion_id])
  const { rows } = await trx.raw(
    `SELECT state, codes_total, codes_unassigned FROM coupon_batch
      WHERE id = ? AND promotion_id = ? AND deleted_at IS NULL FOR UPDATE`,
    [input.batch_id, input.promotion_id]
  )
  const batch = rows[0] as { state: string; codes_total: number; codes_unassigned: number } | undefined
  if (!batch) {
    return null
  }
  if (batch.state === "pending" || batch.state === "running") {
    return { refused: "running" as const }
  }
  const scope = (await loadBatchScope(trx, input.promotion_id, input.batch_id))!
  const rows_ = batchRowsWhere(scope)
  const { rows: inUse } = await trx.raw(
    `SELECT count(*)::int AS n FROM coupon WHERE ${rows_.sql} AND state <> 'unassigned' AND deleted_at IS NULL`,
    rows_.bindings
  )
  if (batch.codes_total !== batch.codes_unassigned || inUse[0].n > 0) {
    return { refused: "in_use" as const, in_use: Math.max(inUse[0].n, batch.codes_total - batch.codes_unassigned) }
  }
  // The batch's primary-key range (sql/batch-rows.ts).
  const removed = await trx.raw(
    `UPDATE coupon SET deleted_at = now(), updated_at = now()
      WHERE ${rows_.sql} AND state = 'unassigned' AND deleted_at IS NULL`,
    rows_.bindings
  )
  const count = removed.rowCount ?? 0
  await trx.raw(
    `UPDATE coupon_promotion SET codes_total = codes_total - ?, codes_unassigned = codes_unassigned - ?, updated_at = now()
      WHERE id = ?`,
    [count, count, input.promotion_id]
  )
  await trx.raw(
    `UPDATE coupon_batch SET codes_total = codes_total - ?, codes_unassigned = codes_unassigned - ?, deleted_at = now(),
            updated_at = now() WHERE id = ?`,
    [count, count, input.batch_id]
  )
  return { removed: count }
}
