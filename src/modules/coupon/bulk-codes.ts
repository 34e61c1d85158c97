import { randomBytes } from "crypto"
import type { Writable } from "stream"
import { finished } from "stream/promises"
import { from as copyFrom } from "pg-copy-streams"
import type { SortedCodes } from "../../engine/sorted-codes"
import { ID_COUNTER_DIGITS } from "./sql/batch-rows"

/**
 * The hand-written SQL behind batches. Row-by-row inserts through the ORM take minutes at a million codes, so:
 * - the usual case: codes sorted in JS are COPYed straight into `coupon` (ids ascending with them) under a
 *   savepoint; the unique index on `code` is the clash check, and a clash only costs a rollback to the savepoint;
 * - the rare case (a clash, or codes that need merging): COPY into a per-transaction staging table, then one
 *   set-based INSERT … ON CONFLICT DO NOTHING (generation) or a clash report (import).
 */

/** The subset of a node-postgres client these helpers need (the connection a knex transaction holds). */
export type PgConnection = {
  query: (...args: any[]) => any
}

export type StagedClash = { code: string; row: number; reason: "coupon" | "promotion" }

const STAGE = "coupon_code_stage"

/** Crockford base32, the alphabet of ULIDs (Medusa ids are `<prefix>_<ULID>`). */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/**
 * A per-call id prefix `coupon_` + 10 chars of ULID time + 6 random chars; the SQL appends a 10-digit upper-case
 * hex counter (hex digits are valid Crockford), so ids stay 26-char ULID-shaped and ascend with the sorted codes:
 * the primary key index is then appended to instead of written at random pages.
 */
export function couponIdPrefix(now = Date.now()): string {
  let time = ""
  let t = now
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  const rnd = randomBytes(6)
  let random = ""
  for (let i = 0; i < 6; i++) {
    random += CROCKFORD[rnd[i] % 32]
  }
  return `coupon_${time}${random}`
}

export async function createStage(conn: PgConnection): Promise<void> {
  await conn.query(`CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (code text NOT NULL, row_no integer) ON COMMIT DROP`)
  await conn.query(`TRUNCATE ${STAGE}`)
}

/** Streams codes (and their 1-based file rows) into the staging table with COPY, as copyCouponsDirect does. */
export async function copyIntoStage(conn: PgConnection, codes: readonly string[], rows?: readonly number[]) {
  // Codes are validated to [A-Z0-9-_] before they get here, so COPY text format needs no escaping.
  const maxLine = 64 + 1 + 10 + 1
  let i = 0
  const fill = (chunk: Buffer): number => {
    let at = 0
    while (i < codes.length && at + maxLine <= chunk.length) {
      at += chunk.write(codes[i], at, "latin1")
      at += chunk.write(rows ? `\t${rows[i]}\n` : "\t\\N\n", at, "latin1")
      i++
    }
    return at
  }
  await writeCopyChunks(conn.query(copyFrom(`COPY ${STAGE} (code, row_no) FROM STDIN`)), fill)
}

const COPY_CHUNK_BYTES = 1 << 18
const HEX = Buffer.from("0123456789ABCDEF", "latin1")

export type DirectCopyInput = {
  codes: SortedCodes
  promotionId: string
  batchId: string
  idPrefix: string
  /** Ids continue from here (the counter of an earlier chunk of the same batch). */
  idOffset: number
  /** Called between COPY chunks with the rows sent so far (not awaited: progress must not slow the load). */
  onProgress?: (sent: number) => void
  /**
   * Each code's expiry (ISO 8601 text, or null), parallel to `codes`: only an import whose file has the column
   * passes it, so every other load COPYs the four columns it always did.
   */
  expiresAt?: readonly (string | null)[]
}

/**
 * COPYs sorted codes straight into `coupon` inside a savepoint. Returns false, with the savepoint rolled back
 * and the transaction intact, when a code already exists (unique violation); any other failure is thrown.
 * Rows are written as bytes into two 256 KB buffers used in turn (see writeCopyChunks): no string per row, one
 * COPY stream for the whole set, and no new buffer per chunk.
 */
export async function copyCouponsDirect(conn: PgConnection, input: DirectCopyInput): Promise<boolean> {
  const { codes, onProgress, expiresAt } = input
  const prefix = Buffer.from(input.idPrefix, "latin1")
  const tail = Buffer.from(`\t${input.promotionId}\t${input.batchId}${expiresAt ? "" : "\n"}`, "latin1")
  // An expiry is `\t` + ISO text (24 characters for years 1-9999) or `\N`, then the line end.
  const maxLine = prefix.length + ID_COUNTER_DIGITS + 1 + 64 + tail.length + (expiresAt ? 1 + 32 + 1 : 0)
  let i = 0
  const fill = (chunk: Buffer): number => {
    let at = 0
    while (i < codes.size && at + maxLine <= chunk.length) {
      at += prefix.copy(chunk, at)
      // The id counter as fixed-width upper-case hex: ids ascend with the codes, so the primary key is appended to.
      let n = input.idOffset + i + 1
      for (let d = ID_COUNTER_DIGITS - 1; d >= 0; d--) {
        chunk[at + d] = HEX[n % 16]
        n = Math.floor(n / 16)
      }
      at += ID_COUNTER_DIGITS
      chunk[at++] = 9
      at = codes.write(i, chunk, at)
      at += tail.copy(chunk, at)
      if (expiresAt) {
        // ISO text of a validated date: no tab, backslash or line end, so COPY text format needs no escaping.
        at += chunk.write(`\t${expiresAt[i] ?? "\\N"}\n`, at, "latin1")
      }
      i++
    }
    if (at > 0) {
      onProgress?.(i)
    }
    return at
  }
  await conn.query("SAVEPOINT coupon_direct_copy")
  try {
    const columns = expiresAt ? "id, code, promotion_id, batch_id, expires_at" : "id, code, promotion_id, batch_id"
    await writeCopyChunks(conn.query(copyFrom(`COPY coupon (${columns}) FROM STDIN`)), fill)
  } catch (e: any) {
    if (e?.code !== "23505") {
      throw e
    }
    await conn.query("ROLLBACK TO SAVEPOINT coupon_direct_copy")
    return false
  }
  await conn.query("RELEASE SAVEPOINT coupon_direct_copy")
  return true
}

/**
 * Feeds a COPY … FROM STDIN stream from `fill` (which writes the next rows into the buffer it is given and returns
 * the bytes written, 0 when done) through two buffers in turn: one is filled while the other is being sent. A
 * buffer is filled again only after its write has called back, and pg-copy-streams calls back once the socket has
 * taken all of it (a 256 KB write is always over the socket's high-water mark, so it waits for 'drain'). A new
 * buffer per chunk would instead pile up ~60 MB of external memory between garbage collections at a million rows.
 */
async function writeCopyChunks(copy: Writable, fill: (chunk: Buffer) => number): Promise<void> {
  let serverError: unknown
  const failed = new Promise<never>((_, reject) =>
    copy.once("error", (error) => {
      serverError = error
      reject(error)
    })
  )
  failed.catch(() => undefined)
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => copy.write(chunk, (error) => (error ? reject(error) : resolve())))
  const buffers = [Buffer.allocUnsafe(COPY_CHUNK_BYTES), Buffer.allocUnsafe(COPY_CHUNK_BYTES)]
  let inFlight: Promise<void> | undefined
  try {
    for (let turn = 0; ; turn++) {
      // This buffer's previous write (two turns ago) was awaited before the last one was issued.
      const buffer = buffers[turn & 1]
      const length = fill(buffer)
      if (length === 0) {
        break
      }
      if (inFlight) {
        await Promise.race([inFlight, failed])
      }
      inFlight = write(buffer.subarray(0, length))
    }
    if (inFlight) {
      await Promise.race([inFlight, failed])
    }
    copy.end()
    await Promise.race([finished(copy), failed])
  } catch (error) {
    if (serverError) {
      // The server ended the COPY itself (e.g. the unique violation) and drops whatever data still arrives; that
      // error is the one to report, not a failed write after it.
      throw serverError
    }
    // Our side failed: CopyFail makes the server abort the COPY, so the connection is usable again.
    copy.destroy(error as Error)
    throw error
  }
}

/**
 * Deletes the batch's codes that are live Medusa promotion codes (compared case-insensitively) and returns
 * them. The join starts from Medusa's few promotion codes and probes the unique index on `coupon.code`.
 */
export async function removeMedusaPromotionClashes(conn: PgConnection, batchId: string): Promise<string[]> {
  const { rows } = await conn.query(
    `DELETE FROM coupon c USING promotion p
     WHERE p.deleted_at IS NULL AND c.code = upper(p.code) AND c.batch_id = $1
     RETURNING c.code`,
    [batchId]
  )
  return rows.map((r: any) => r.code)
}

/** Whether any code of the batch is a live Medusa promotion code (compared case-insensitively). */
export async function hasMedusaPromotionClashes(conn: PgConnection, batchId: string): Promise<boolean> {
  const { rows } = await conn.query(
    `SELECT EXISTS (SELECT 1 FROM promotion p JOIN coupon c ON c.code = upper(p.code)
       WHERE p.deleted_at IS NULL AND c.batch_id = $1) AS clash`,
    [batchId]
  )
  return rows[0].clash === true
}

/** Staged codes (import) that exist as a coupon (any promotion, soft-deleted included) or a live Medusa promotion code. */
export async function findStagedExisting(
  conn: PgConnection,
  input: { checkMedusa: boolean; limit: number }
): Promise<{ clashes: StagedClash[]; count: number }> {
  const promotion = `EXISTS (SELECT 1 FROM promotion p WHERE p.deleted_at IS NULL AND upper(p.code) = s.code)`
  const clash = `EXISTS (SELECT 1 FROM coupon c WHERE c.code = s.code)${input.checkMedusa ? ` OR ${promotion}` : ""}`
  const reason = input.checkMedusa ? `CASE WHEN ${promotion} THEN 'promotion' ELSE 'coupon' END` : `'coupon'`
  const { rows } = await conn.query(
    `SELECT s.code, s.row_no, ${reason} AS reason FROM ${STAGE} s WHERE ${clash} ORDER BY s.row_no LIMIT $1`,
    [input.limit]
  )
  const { rows: countRows } = await conn.query(`SELECT count(*)::int AS count FROM ${STAGE} s WHERE ${clash}`)
  return {
    clashes: rows.map((r: any) => ({ code: r.code, row: r.row_no, reason: r.reason })),
    count: countRows[0].count,
  }
}

export async function hasMedusaPromotionTable(conn: PgConnection): Promise<boolean> {
  const { rows } = await conn.query(`SELECT to_regclass('public.promotion') IS NOT NULL AS present`)
  return rows[0].present === true
}

/**
 * Moves staged codes into `coupon`, skipping codes that already exist (any promotion, soft-deleted included)
 * or that are a live Medusa promotion code (compared case-insensitively). Returns how many rows were inserted.
 * A concurrent transaction inserting the same code makes this wait for it, then skip the code.
 */
export async function insertStagedCoupons(
  conn: PgConnection,
  input: { promotionId: string; batchId: string; idPrefix: string; idOffset: number; checkMedusa: boolean }
): Promise<number> {
  const medusaClash = input.checkMedusa
    ? `WHERE NOT EXISTS (SELECT 1 FROM promotion p WHERE p.deleted_at IS NULL AND upper(p.code) = s.code)`
    : ""
  const result = await conn.query(
    `INSERT INTO coupon (id, code, promotion_id, batch_id)
     SELECT $1 || lpad(upper(to_hex(row_number() OVER (ORDER BY s.code) + $2::bigint)), 10, '0'), s.code, $3, $4
     FROM ${STAGE} s ${medusaClash}
     ORDER BY s.code
     ON CONFLICT (code) DO NOTHING`,
    [input.idPrefix, input.idOffset, input.promotionId, input.batchId]
  )
  return result.rowCount ?? 0
}

/**
 * Adds freshly inserted unassigned codes to the promotion and batch counters (no COUNT(*) over the table).
 * Promotion row first, then the batch row: the order assignment and redemption lock them in, so a batch load
 * finishing next to a checkout can never deadlock with it.
 */
export async function addCodesToCounters(
  conn: PgConnection,
  input: { promotionId: string; batchId: string; added: number }
): Promise<void> {
  await conn.query(
    `UPDATE coupon_promotion SET codes_total = codes_total + $2, codes_unassigned = codes_unassigned + $2,
       updated_at = now() WHERE id = $1`,
    [input.promotionId, input.added]
  )
  await conn.query(
    `UPDATE coupon_batch SET codes_total = codes_total + $2, codes_unassigned = codes_unassigned + $2,
       updated_at = now() WHERE id = $1`,
    [input.batchId, input.added]
  )
}

/** How many codes the system holds: coupons (from the counters) plus live Medusa promotion codes. */
export async function countExistingCodes(conn: PgConnection, checkMedusa: boolean): Promise<number> {
  // The counters avoid a COUNT(*) over millions of rows; soft-deleted promotions' codes still occupy the space.
  const { rows } = await conn.query(`SELECT coalesce(sum(codes_total), 0)::bigint AS n FROM coupon_promotion`)
  let n = Number(rows[0].n)
  if (checkMedusa) {
    const { rows: p } = await conn.query(`SELECT count(*)::bigint AS n FROM promotion WHERE deleted_at IS NULL AND code IS NOT NULL`)
    n += Number(p[0].n)
  }
  return n
}
