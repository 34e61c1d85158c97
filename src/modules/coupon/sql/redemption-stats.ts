// Redemption reports (issue 18): what a promotion's codes gave, read from the ledger (coupon_redemption). A "use" is
// a confirmed redemption: one order (a cart holds one code per promotion). Reserved rows are checkouts in flight,
// released rows were given back (order canceled, completion failed, reservation timed out).
//
// The range reads run on the partial index (promotion_id, confirmed_at) of confirmed rows, which carries the
// columns the aggregates need (Migration20261203090000): index-only scans of the range, no table reads. All the
// statements of a report run in one read-only REPEATABLE READ transaction, so its figures agree with each other.
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import {
  CurrencyAmount,
  fillReportDays,
  ReportDay,
  ReportRange,
  reportRangeBounds,
} from "../../../engine/redemption-report"

export type PromotionRedemptionStats = {
  from: string
  to: string
  /** Confirmed uses (= orders) confirmed within the range. */
  orders: number
  /** Distinct buyers of those orders: the customer record, or the e-mail when a use has none. */
  customers: number
  /** What those orders got, per currency, as exact decimal strings. */
  discount: CurrencyAmount[]
  by_day: ReportDay[]
  top_codes: { coupon_id: string; code: string; orders: number; discount: CurrencyAmount[] }[]
  /** Uses given back within the range because their order was canceled. */
  canceled: number
  /** Every use given back within the range, whatever the reason (canceled included). */
  released: number
  /** Checkouts holding a code of the promotion right now (not bound to the range). */
  reserved_now: number
}

export type PromotionRedemptionTotals = {
  promotion_id: string
  orders: number
  customers: number
  discount: CurrencyAmount[]
}

export const TOP_CODES = 10

// A hash of a million distinct buyers fits in memory instead of spilling to disk; only for the reading transaction.
const STATS_WORK_MEM = "64MB"

const CONFIRMED = `deleted_at IS NULL AND state = 'confirmed'`
const BUYER = `coalesce(customer_id, 'email:' || email)`
const AMOUNTS = (source: string) =>
  `coalesce(json_agg(json_build_object('currency_code', currency_code, 'amount', total::text) ORDER BY currency_code)
            FILTER (WHERE currency_code IS NOT NULL), '[]'::json) FROM ${source}`

/** One promotion's uses over a range of days (UTC), every figure from one snapshot of the ledger. */
export async function promotionRedemptionStats(
  knex: Knex,
  input: { promotion_id: string; range: ReportRange }
): Promise<PromotionRedemptionStats> {
  const { start, end } = reportRangeBounds(input.range)
  const id = input.promotion_id
  // Each statement reads the range once from the index: simple groupings hash faster than one GROUPING SETS pass.
  const uses = `FROM coupon_redemption WHERE promotion_id = ? AND ${CONFIRMED} AND confirmed_at >= ? AND confirmed_at < ?`
  const range = [id, start, end]
  return await readOnly(knex, async (trx) => {
    const {
      rows: [totals],
    } = await trx.raw(
      `WITH d AS (
         SELECT (confirmed_at AT TIME ZONE 'UTC')::date AS day, currency_code, count(*)::int AS n, sum(amount) AS total
           ${uses} GROUP BY 1, 2
       )
       SELECT (SELECT coalesce(sum(n), 0)::int FROM d) AS orders,
              (SELECT ${AMOUNTS("(SELECT currency_code, sum(total) AS total FROM d GROUP BY 1) c")}) AS discount,
              (SELECT coalesce(json_agg(json_build_object('day', to_char(day, 'YYYY-MM-DD'),
                        'currency_code', currency_code, 'orders', n, 'amount', total::text)), '[]'::json) FROM d) AS days`,
      range
    )
    const {
      rows: [buyers],
    } = await trx.raw(`SELECT count(buyer)::int AS n FROM (SELECT DISTINCT ${BUYER} AS buyer ${uses}) b`, range)
    const { rows: topCodes } = await trx.raw(
      `WITH per_code AS (SELECT coupon_id, currency_code, count(*) AS n, sum(amount) AS total ${uses} GROUP BY 1, 2),
       top AS (SELECT coupon_id, sum(n)::int AS orders FROM per_code GROUP BY 1 ORDER BY orders DESC, coupon_id
               LIMIT ${TOP_CODES})
       SELECT t.coupon_id, c.code, t.orders,
              (SELECT ${AMOUNTS("per_code p WHERE p.coupon_id = t.coupon_id")}) AS discount
         FROM top t JOIN coupon c ON c.id = t.coupon_id
        ORDER BY t.orders DESC, t.coupon_id`,
      range
    )
    const {
      rows: [released],
    } = await trx.raw(
      `SELECT count(*) FILTER (WHERE release_reason = 'order_canceled')::int AS canceled, count(*)::int AS released,
              (SELECT count(*)::int FROM coupon_redemption
                WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'reserved') AS reserved_now
         FROM coupon_redemption
        WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'released' AND released_at >= ? AND released_at < ?`,
      [id, id, start, end]
    )
    const discount: CurrencyAmount[] = totals.discount
    return {
      from: input.range.from,
      to: input.range.to,
      orders: totals.orders,
      customers: buyers.n,
      discount,
      by_day: fillReportDays(
        input.range,
        totals.days,
        discount.map((d) => d.currency_code)
      ),
      top_codes: topCodes,
      canceled: released.canceled,
      released: released.released,
      reserved_now: released.reserved_now,
    }
  })
}

/**
 * Every use so far, per promotion (all of them, or those in `promotion_ids`): orders, distinct buyers and discount
 * per currency. Promotions without uses are listed with zeros; deleted ones are left out.
 */
export async function promotionsRedemptionTotals(
  knex: Knex,
  input: { promotion_ids?: string[] } = {}
): Promise<PromotionRedemptionTotals[]> {
  const only = input.promotion_ids
  const uses = `FROM coupon_redemption WHERE ${CONFIRMED} ${only ? "AND promotion_id = ANY(?)" : ""}`
  const scope = only ? [only] : []
  return await readOnly(knex, async (trx) => {
    const { rows: promotions } = await trx.raw(
      `SELECT id FROM coupon_promotion WHERE deleted_at IS NULL ${only ? "AND id = ANY(?)" : ""} ORDER BY id`,
      scope
    )
    const { rows: perCurrency } = await trx.raw(
      `SELECT promotion_id, currency_code, count(*)::int AS n, sum(amount)::text AS amount ${uses}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      scope
    )
    // Buyers in the order of the (promotion_id, customer_id, email) index of confirmed uses: a streaming count, where
    // hashing a million uses by buyer took four times as long. Customer records, then the uses without one by e-mail
    // (two disjoint sets: ids and addresses).
    await trx.raw(`SET LOCAL enable_hashagg = off`)
    const { rows: buyers } = await trx.raw(
      `SELECT promotion_id, count(DISTINCT customer_id)::int AS n ${uses} AND customer_id IS NOT NULL GROUP BY 1
       UNION ALL
       SELECT promotion_id, count(DISTINCT email)::int AS n ${uses} AND customer_id IS NULL GROUP BY 1`,
      [...scope, ...scope]
    )
    const out = new Map<string, PromotionRedemptionTotals>(
      promotions.map((p: { id: string }) => [p.id, { promotion_id: p.id, orders: 0, customers: 0, discount: [] }])
    )
    for (const row of perCurrency) {
      const totals = out.get(row.promotion_id)
      if (totals) {
        totals.orders += row.n
        totals.discount.push({ currency_code: row.currency_code, amount: row.amount })
      }
    }
    for (const row of buyers) {
      const totals = out.get(row.promotion_id)
      if (totals) {
        totals.customers += row.n
      }
    }
    return [...out.values()]
  })
}

/** A read-only transaction with room for the aggregates' hashes: every figure of a report from one snapshot. */
async function readOnly<T>(knex: Knex, task: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return await knex.transaction(
    async (trx) => {
      await trx.raw(`SET LOCAL work_mem = '${STATS_WORK_MEM}'`)
      return await task(trx)
    },
    { readOnly: true, isolationLevel: "repeatable read" }
  )
}
