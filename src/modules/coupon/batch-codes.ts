// Writing a batch's codes: generating them, importing a file's codes (both through COPY), and removing an imported
// batch again (its compensation). Reading codes back is ./coupon-list.ts.
import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { CodeFileFormat, CodeProblem, describeProblems, LoadableCodes, sortCodesWithExpiry } from "../../engine/code-file"
import { CodePattern, codeSpace, resolvePattern, ResolvedCodePattern } from "../../engine/codes"
import { generateSortedCodes, SortedCodes, sortedCodesFromSorted, sortedCodesOf } from "../../engine/sorted-codes"
import {
  addCodesToCounters,
  copyCouponsDirect,
  copyIntoStage,
  countExistingCodes,
  couponIdPrefix,
  createStage,
  findStagedExisting,
  hasMedusaPromotionTable,
  insertStagedCoupons,
  PgConnection,
  hasMedusaPromotionClashes,
  removeMedusaPromotionClashes,
  StagedClash,
} from "./bulk-codes"
import { batchRowsWherePg } from "./sql/batch-rows"

export const EXISTS_AS_COUPON_REASON = "already exists in the system"
export const EXISTS_AS_PROMOTION_REASON = "is already a Medusa promotion code"

/** How many clashing codes an import error lists by name (the rest are counted). */
export const CLASHES_LISTED = 20

export type ImportBatchCouponsInput = {
  promotion_id: string
  file_name: string | null
  file_format: CodeFileFormat
  /**
   * A checked file's codes as the engine holds them (checkCodesFile: packed, sorted, rows kept compactly), what the
   * import workflow passes; or, for other callers, the plain arrays below.
   */
  loadable?: LoadableCodes
  /** Normalized, validated, free of in-file repeats (the engine's job). Without `loadable`, required. */
  codes?: string[]
  /** 1-based file row of each code (header = row 1), for error messages. Without `loadable`, required. */
  rows?: number[]
  /** The same codes sorted ascending (the engine's check hands them over), or they are sorted here. */
  sorted?: string[]
  /**
   * Only when the file has an expires_at column: each code's expiry (ISO 8601 text, null for none) parallel to
   * `codes`, and the same parallel to `sorted` (the engine's check hands both over, or they are sorted here).
   */
  expires_at?: (string | null)[]
  sorted_expires_at?: (string | null)[]
}

/**
 * The codes in load order (ascending) and, for a file with an expires_at column, their expiries in that order; `size`
 * is how many codes were given (the load refuses repeats), `inFileOrder` gives them back with their rows.
 */
function codesToLoad(input: ImportBatchCouponsInput): LoadableCodes {
  if (input.loadable) {
    return input.loadable
  }
  const codes = input.codes ?? []
  const rows = input.rows ?? []
  const inFileOrder = (from: number, to: number) => ({ codes: codes.slice(from, to), rows: rows.slice(from, to) })
  if (!input.expires_at) {
    const sorted = input.sorted ? sortedCodesFromSorted(input.sorted) : sortedCodesOf(codes)
    return { size: codes.length, sorted, inFileOrder }
  }
  if (input.expires_at.length !== codes.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Imported expiries must be one per code")
  }
  if (input.sorted && input.sorted_expires_at) {
    return { size: codes.length, sorted: sortedCodesFromSorted(input.sorted), sortedExpiresAt: input.sorted_expires_at, inFileOrder }
  }
  const { sorted, sorted_expires_at } = sortCodesWithExpiry(codes, input.expires_at)
  return { size: codes.length, sorted: sortedCodesOf(sorted), sortedExpiresAt: sorted_expires_at, inFileOrder }
}

/** File rows staged per COPY when naming clashes: the codes are turned back into strings a slice at a time. */
const STAGE_SLICE = 65_536

/** The node-postgres client a knex transaction runs on: COPY needs it, knex cannot stream into COPY. */
async function connectionOf(trx: Knex.Transaction): Promise<PgConnection> {
  return (await (trx as any).client.acquireConnection()) as PgConnection
}

export type GenerateBatchCouponsInput = {
  batch_id: string
  count: number
  /** The batch's pattern: codes are drawn already sorted (see generateSortedCodes). */
  pattern?: CodePattern
  /** Or any code source (tests): its codes are sorted and de-duplicated here. */
  generate?: (n: number) => string[]
  /** Codes per COPY; by default as many as keep the chance of meeting an existing code around 1%. */
  chunk_size?: number
}

/** Rows between two progress writes during one COPY. */
const PROGRESS_EVERY = 100_000

export async function generateBatchCoupons(
  trx: Knex.Transaction,
  knex: Knex,
  input: GenerateBatchCouponsInput
): Promise<{ inserted: number; attempts: number }> {
  const conn = await connectionOf(trx)
  const checkMedusa = await hasMedusaPromotionTable(conn)
  const { rows } = await conn.query(`SELECT promotion_id FROM coupon_batch WHERE id = $1`, [input.batch_id])
  if (!rows.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon batch with id: ${input.batch_id} was not found`)
  }
  const promotionId: string = rows[0].promotion_id
  const pattern = input.generate ? undefined : resolvePattern(input.pattern ?? {})
  const draw = (n: number): SortedCodes =>
    input.generate ? sortedCodesOf(input.generate(n)) : generateSortedCodes(pattern!, n)
  const chunkSize = input.chunk_size ?? (pattern ? await safeChunkSize(conn, pattern, checkMedusa) : 200_000)
  const idPrefix = couponIdPrefix()
  let inserted = 0
  let offered = 0
  let attempts = 0
  let staged = false

  // Progress goes through another connection, outside the transaction, so readers see it while the codes stay
  // invisible. One write in flight at most; all are awaited before this transaction touches the batch row.
  let progress: Promise<unknown> = Promise.resolve()
  let progressBusy = false
  const reportProgress = (processed: number) => {
    if (progressBusy) {
      return
    }
    progressBusy = true
    progress = knex
      .raw(`UPDATE coupon_batch SET processed_count = ?, heartbeat_at = now(), updated_at = now() WHERE id = ?`, [
        processed,
        input.batch_id,
      ])
      .catch(() => undefined)
      .finally(() => (progressBusy = false))
  }

  while (inserted < input.count) {
    // A collision-heavy pattern must not loop forever: the capacity check keeps this far from happening.
    if (++attempts > 50 + Math.ceil(input.count / chunkSize) * 2) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Could not find ${input.count - inserted} more unused codes for this pattern; use a longer code length`
      )
    }
    const codes = draw(Math.min(chunkSize, input.count - inserted))
    const before = inserted
    let lastReport = 0
    const copied = await copyCouponsDirect(conn, {
      codes,
      promotionId,
      batchId: input.batch_id,
      idPrefix,
      idOffset: offered,
      onProgress: (sent) => {
        if (sent - lastReport >= PROGRESS_EVERY) {
          lastReport = sent
          reportProgress(before + sent)
        }
      },
    })
    if (copied) {
      inserted += codes.size
      if (checkMedusa) {
        // Codes equal to a Medusa promotion code leave again; the next round tops them up.
        inserted -= (await removeMedusaPromotionClashes(conn, input.batch_id)).length
      }
    } else {
      // Some code already exists: this chunk goes the slow way, skipping exactly the codes that are taken.
      if (!staged) {
        await createStage(conn)
        staged = true
      } else {
        await conn.query(`TRUNCATE coupon_code_stage`)
      }
      await copyIntoStage(conn, stringsOf(codes))
      inserted += await insertStagedCoupons(conn, {
        promotionId,
        batchId: input.batch_id,
        idPrefix,
        idOffset: offered,
        checkMedusa,
      })
    }
    offered += codes.size
    await progress
    reportProgress(inserted)
  }
  await progress
  await addCodesToCounters(conn, { promotionId, batchId: input.batch_id, added: inserted })
  // Completed in the same transaction as its codes: a crash right after the commit must not leave a "running" batch
  // whose codes exist, which the recovery job would generate a second time.
  await conn.query(
    `UPDATE coupon_batch SET state = 'completed', completed_at = now(), processed_count = $2, code_id_prefix = $3,
            assign_cursor = NULL, updated_at = now()
      WHERE id = $1`,
    [input.batch_id, inserted, idPrefix]
  )
  return { inserted, attempts }
}

/**
 * Codes per COPY for a pattern: one COPY for the whole batch unless the space is crowded enough that a chunk
 * would likely meet an existing code (each such meeting costs a rollback and the slow path for that chunk).
 */
async function safeChunkSize(conn: PgConnection, pattern: ResolvedCodePattern, checkMedusa: boolean): Promise<number> {
  const existing = await countExistingCodes(conn, checkMedusa)
  const expectedClashFree = (0.01 * codeSpace(pattern)) / Math.max(1, existing)
  return Math.max(10_000, Math.floor(Math.min(expectedClashFree, Number.MAX_SAFE_INTEGER)))
}

function stringsOf(codes: SortedCodes): string[] {
  const out = new Array<string>(codes.size)
  for (let i = 0; i < codes.size; i++) {
    out[i] = codes.code(i)
  }
  return out
}

export async function importBatchCoupons(trx: Knex.Transaction, input: ImportBatchCouponsInput): Promise<string> {
  const conn = await connectionOf(trx)
  const checkMedusa = await hasMedusaPromotionTable(conn)
  const batchId = generateEntityId(undefined, "cbatch")
  // The batch's codes are then one primary-key range (sql/batch-rows.ts).
  const idPrefix = couponIdPrefix()
  const load = codesToLoad(input)
  const { sorted: codes, sortedExpiresAt: expiresAt } = load
  await conn.query(
    `INSERT INTO coupon_batch (id, promotion_id, source, state, requested_count, processed_count, file_name,
       file_format, started_at, completed_at, code_id_prefix)
     VALUES ($1, $2, 'imported', 'completed', $3, $3, $4, $5, now(), now(), $6)`,
    [batchId, input.promotion_id, load.size, input.file_name, input.file_format, idPrefix]
  )
  if (codes.size !== load.size) {
    // The engine refuses files with repeats before they get here; this guards other callers.
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Imported codes must be distinct")
  }
  await conn.query("SAVEPOINT coupon_import")
  const clean =
    (await copyCouponsDirect(conn, {
      codes,
      promotionId: input.promotion_id,
      batchId,
      idPrefix,
      idOffset: 0,
      expiresAt,
    })) && !(checkMedusa && (await hasMedusaPromotionClashes(conn, batchId)))
  if (!clean) {
    // Only now are file rows needed: stage the file as given and name the clashes with their rows.
    await conn.query("ROLLBACK TO SAVEPOINT coupon_import")
    await createStage(conn)
    for (let from = 0; from < load.size; from += STAGE_SLICE) {
      const slice = load.inFileOrder(from, from + STAGE_SLICE)
      await copyIntoStage(conn, slice.codes, slice.rows)
    }
    const { clashes, count } = await findStagedExisting(conn, { checkMedusa, limit: CLASHES_LISTED })
    // Throwing rolls the whole transaction back: batch row, codes and counters.
    throw new MedusaError(MedusaError.Types.INVALID_DATA, describeClashes(clashes, count))
  }
  await conn.query("RELEASE SAVEPOINT coupon_import")
  await addCodesToCounters(conn, { promotionId: input.promotion_id, batchId, added: codes.size })
  return batchId
}

/**
 * Undoes an import (workflow compensation): the codes are deleted for real, since soft-deleted codes would
 * still block their values. Refuses once any code of the batch has left the unassigned pool.
 */
export async function removeImportedBatch(trx: Knex.Transaction, batchId: string): Promise<void> {
  const conn = await connectionOf(trx)
  const { rows: found } = await conn.query(
    `SELECT id, promotion_id, code_id_prefix FROM coupon_batch WHERE id = $1 AND source = 'imported'`,
    [batchId]
  )
  if (!found.length) {
    return
  }
  // Promotion row, then batch row: the lock order of assignment and redemption (see addCodesToCounters).
  await conn.query(`SELECT 1 FROM coupon_promotion WHERE id = $1 FOR UPDATE`, [found[0].promotion_id])
  const { rows } = await conn.query(
    `SELECT promotion_id, codes_total, codes_unassigned FROM coupon_batch WHERE id = $1 FOR UPDATE`,
    [batchId]
  )
  const [batch] = rows
  if (batch.codes_total !== batch.codes_unassigned) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Coupon batch ${batchId} has codes in use and cannot be removed`)
  }
  // The batch's primary-key range (sql/batch-rows.ts).
  const params: unknown[] = []
  const removed = await conn.query(
    `DELETE FROM coupon WHERE ${batchRowsWherePg(found[0], params)} AND state = 'unassigned' AND deleted_at IS NULL`,
    params
  )
  await addCodesToCounters(conn, { promotionId: batch.promotion_id, batchId, added: -(removed.rowCount ?? 0) })
  await conn.query(`DELETE FROM coupon_batch WHERE id = $1`, [batchId])
}

/** Clashes as engine problems, so the refusal reads like every other file problem (first 20, then a count). */
export function describeClashes(clashes: StagedClash[], count: number): string {
  const problems: CodeProblem[] = clashes.map((c) => ({
    kind: "exists",
    code: c.code,
    rows: [c.row],
    reason: c.reason === "promotion" ? EXISTS_AS_PROMOTION_REASON : EXISTS_AS_COUPON_REASON,
  }))
  return describeProblems(problems, CLASHES_LISTED, count)
}
