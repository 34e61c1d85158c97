// Reading a promotion's codes: one page for the admin list, all of them streamed for CSV downloads, and how many
// codes the system holds (for capacity checks).
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { countExistingCodes, hasMedusaPromotionTable, PgConnection } from "./bulk-codes"
import type { CouponSummaryRow } from "./coupon-row"
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

function couponWhere(filter: CouponListFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.promotion_id]
  const parts = ["promotion_id = $1", "deleted_at IS NULL"]
  if (filter.batch_id) {
    params.push(filter.batch_id)
    parts.push(`batch_id = $${params.length}`)
  }
  if (filter.state?.length) {
    params.push(filter.state)
    parts.push(`state = ANY($${params.length}::text[])`)
  }
  if (filter.customer_id) {
    params.push(filter.customer_id)
    parts.push(`customer_id = $${params.length}`)
  }
  if (filter.q) {
    params.push(filter.q.replace(/[\\%_]/g, (c) => `\\${c}`) + "%")
    parts.push(`code LIKE $${params.length}`)
  }
  return { sql: parts.join(" AND "), params }
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
    const where = couponWhere(filter)
    const { rows: coupons } = await conn.query(
      `SELECT ${LIST_COLUMNS} FROM coupon WHERE ${where.sql} ORDER BY id LIMIT ${Number(page.limit)} OFFSET ${Number(page.offset)}`,
      where.params
    )
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
    const { rows } = await conn.query(`SELECT count(*)::int AS count FROM coupon WHERE ${where.sql}`, where.params)
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
  const where = couponWhere(filter)
  yield* streamCursor<CouponListRow>(knex, {
    sql: `SELECT ${LIST_COLUMNS} FROM coupon WHERE ${where.sql} ORDER BY id`,
    params: where.params,
    fetchSize,
  })
}

export async function countCodesInSystem(knex: Knex): Promise<number> {
  return await withConnection(knex, async (conn) => countExistingCodes(conn, await hasMedusaPromotionTable(conn)))
}
