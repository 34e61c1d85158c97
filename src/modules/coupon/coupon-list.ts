// Reading a promotion's codes: one page for the admin list, all of them streamed for CSV downloads, and how many
// codes the system holds (for capacity checks).
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { countExistingCodes, hasMedusaPromotionTable, PgConnection } from "./bulk-codes"
import type { CouponSummaryRow } from "./coupon-row"
import { BatchRowsScope, batchRowsWherePg } from "./sql/batch-rows"
import { streamCursor } from "./sql/cursor"

export type CouponListFilter = {
  promotion_id: string
  batch_id?: string
  state?: string[]
  customer_id?: string
  /** Code prefix, matched on the normalized code. */
  q?: string
}

export type CouponListRow = CouponSummaryRow & {
  uses_count: number
  batch_id: string | null
  created_at: Date
}

const LIST_COLUMNS = "id, code, state, customer_id, assigned_at, expires_at, uses_count, batch_id, created_at"
const COUNTED_STATES = ["unassigned", "assigned", "used_partially", "used_fully"]

/**
 * The matching codes as one or more SELECTs of LIST_COLUMNS (each a part of a UNION ALL: selectAll, selectPage), each
 * read through an index: a customer's codes by the customer index; one batch's by its primary-key range; otherwise
 * the promotion/state index for every code that is not an unassigned code of a batch, plus each batch's range for
 * its unassigned codes when the filter wants unassigned ones (see sql/batch-rows.ts: a bulk load indexes nothing
 * else).
 */
export async function couponSelect(conn: PgConnection, filter: CouponListFilter): Promise<CouponSelect> {
  const params: unknown[] = [filter.promotion_id]
  const common: string[] = ["deleted_at IS NULL"]
  if (filter.state?.length) {
    params.push(filter.state)
    common.push(`state = ANY($${params.length}::text[])`)
  }
  if (filter.customer_id) {
    params.push(filter.customer_id)
    common.push(`customer_id = $${params.length}`)
  }
  if (filter.q) {
    params.push(filter.q.replace(/[\\%_]/g, (c) => `\\${c}`) + "%")
    common.push(`code LIKE $${params.length}`)
  }
  const select = (...parts: string[]) => `SELECT ${LIST_COLUMNS} FROM coupon WHERE ${[...parts, ...common].join(" AND ")}`
  if (filter.batch_id) {
    const { rows } = await conn.query(`SELECT id, promotion_id, code_id_prefix FROM coupon_batch WHERE id = $1`, [
      filter.batch_id,
    ])
    const batch: BatchRowsScope = rows[0] ?? { id: filter.batch_id, promotion_id: filter.promotion_id, code_id_prefix: null }
    return { parts: [select("promotion_id = $1", batchRowsWherePg(batch, params))], params }
  }
  if (filter.customer_id || (filter.state?.length && !filter.state.includes("unassigned"))) {
    // No unassigned code of a batch can match: the promotion/state index (its predicate spelled out) or the customer's.
    return { parts: [select("promotion_id = $1", "(state <> 'unassigned' OR batch_id IS NULL)")], params }
  }
  const parts = [select("promotion_id = $1", "(state <> 'unassigned' OR batch_id IS NULL)")]
  const { rows: batches } = await conn.query(
    `SELECT id, promotion_id, code_id_prefix FROM coupon_batch WHERE promotion_id = $1 AND codes_unassigned > 0
      ORDER BY created_at, id`,
    [filter.promotion_id]
  )
  for (const batch of batches as BatchRowsScope[]) {
    parts.push(select(batchRowsWherePg(batch, params), "state = 'unassigned'"))
  }
  return { parts, params }
}

type CouponSelect = { parts: string[]; params: unknown[] }

/** All of them, in id order. */
export const selectAll = (query: CouponSelect) => `${query.parts.join(" UNION ALL ")} ORDER BY id`

/**
 * One page, in id order. Each part is cut to the page's end in its own id order first: the planner then reads each
 * through its index (a batch's range in primary-key order) and stops, where one sort over the union would read them all.
 */
export const selectPage = (query: CouponSelect, page: { limit: number; offset: number }) => {
  const end = Number(page.limit) + Number(page.offset)
  const sql =
    query.parts.length === 1
      ? `${query.parts[0]} ORDER BY id`
      : `SELECT * FROM (${query.parts.map((part) => `(${part} ORDER BY id LIMIT ${end})`).join(" UNION ALL ")}) page ORDER BY id`
  return `${sql} LIMIT ${Number(page.limit)} OFFSET ${Number(page.offset)}`
}

/**
 * One page of a promotion's codes. The count comes from the promotion's counters when the filter is only by
 * state (or none): a COUNT(*) over a million codes on every page view is what the counters exist to avoid.
 */
export async function listPromotionCoupons(
  knex: Knex,
  filter: CouponListFilter,
  page: { limit: number; offset: number }
): Promise<{ coupons: CouponListRow[]; count: number }> {
  return await withConnection(knex, async (conn) => {
    const query = await couponSelect(conn, filter)
    const { rows: coupons } = await conn.query(selectPage(query, page), query.params)
    const byCounters =
      !filter.batch_id &&
      !filter.customer_id &&
      !filter.q &&
      (filter.state ?? []).every((s) => COUNTED_STATES.includes(s))
    if (byCounters) {
      const columns = filter.state?.length ? filter.state.map((s) => `codes_${s}`).join(" + ") : "codes_total"
      const { rows } = await conn.query(`SELECT (${columns})::int AS count FROM coupon_promotion WHERE id = $1`, [
        filter.promotion_id,
      ])
      return { coupons, count: rows[0]?.count ?? 0 }
    }
    const { rows } = await conn.query(`SELECT count(*)::int AS count FROM (${query.parts.join(" UNION ALL ")}) matching`, query.params)
    return { coupons, count: rows[0].count as number }
  })
}

/** A pooled connection for plain reads outside any transaction. */
async function withConnection<T>(knex: Knex, task: (conn: PgConnection) => Promise<T>): Promise<T> {
  const client = await (knex as any).client.acquireConnection()
  try {
    return await task(client)
  } finally {
    await (knex as any).client.releaseConnection(client)
  }
}

/** Every matching code, in pages of `fetchSize` (streamCursor). */
export async function* streamPromotionCoupons(
  knex: Knex,
  filter: CouponListFilter,
  fetchSize = 5000
): AsyncGenerator<CouponListRow[]> {
  const query = await withConnection(knex, (conn) => couponSelect(conn, filter))
  yield* streamCursor<CouponListRow>(knex, { sql: selectAll(query), params: query.params, fetchSize })
}

export async function countCodesInSystem(knex: Knex): Promise<number> {
  return await withConnection(knex, async (conn) => countExistingCodes(conn, await hasMedusaPromotionTable(conn)))
}
