// Redemption reports (issue 18): what a promotion's codes gave, read from the ledger (coupon_redemption). A "use" is
// a confirmed redemption: one order (a cart holds one code per promotion). Reserved rows are checkouts in flight,
// released rows were given back (order canceled, completion failed, reservation timed out).
//
// The range reads run on the partial index (promotion_id, confirmed_at) of confirmed rows, which carries the
// columns the aggregates need (Migration20261203090000): an index-only scan of the range, no table reads.
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

// GROUPING(day, coupon_id, buyer, currency_code) of each grouping set below: a bit is 1 where the set leaves that
// column out. One scan of the range feeds all three sets.
const BY_DAY = 0b0110
const BY_CODE = 0b1010
const BY_BUYER = 0b1101
// The same for GROUPING(currency_code, buyer) of the all-promotions totals.
const ALL_BY_CURRENCY = 0b01
const ALL_BY_BUYER = 0b10

/** One promotion's uses over a range of days (UTC), every figure from one snapshot of the ledger. */
export async function promotionRedemptionStats(
  knex: Knex,
  input: { promotion_id: string; range: ReportRange }
): Promise<PromotionRedemptionStats> {
  const { start, end } = reportRangeBounds(input.range)
  const id = input.promotion_id
  const row = await readOnly(knex, async (trx) => {
    const { rows } = await trx.raw(
      `WITH g AS (
         SELECT GROUPING(day, coupon_id, buyer, currency_code) AS set, day, coupon_id, buyer, currency_code,
                count(*)::int AS n, sum(amount) AS total
           FROM (SELECT (confirmed_at AT TIME ZONE 'UTC')::date AS day, coupon_id, ${BUYER} AS buyer, currency_code, amount
                   FROM coupon_redemption
                  WHERE promotion_id = ? AND ${CONFIRMED} AND confirmed_at >= ? AND confirmed_at < ?) u
          GROUP BY GROUPING SETS ((day, currency_code), (coupon_id, currency_code), (buyer))
       ),
       top AS (
         SELECT coupon_id, sum(n)::int AS orders FROM g WHERE set = ${BY_CODE}
          GROUP BY 1 ORDER BY orders DESC, coupon_id LIMIT ${TOP_CODES}
       )
       SELECT
         (SELECT coalesce(sum(n), 0)::int FROM g WHERE set = ${BY_DAY}) AS orders,
         (SELECT count(buyer)::int FROM g WHERE set = ${BY_BUYER}) AS customers,
         (SELECT ${AMOUNTS(`(SELECT currency_code, sum(total) AS total FROM g WHERE set = ${BY_DAY} GROUP BY 1) d`)}) AS discount,
         (SELECT coalesce(json_agg(json_build_object('day', to_char(day, 'YYYY-MM-DD'), 'currency_code', currency_code,
                                                     'orders', n, 'amount', total::text)), '[]'::json)
            FROM g WHERE set = ${BY_DAY}) AS days,
         (SELECT coalesce(json_agg(json_build_object('coupon_id', t.coupon_id, 'code', c.code, 'orders', t.orders,
                   'discount', (SELECT ${AMOUNTS(`g WHERE set = ${BY_CODE} AND g.coupon_id = t.coupon_id`)}))
                   ORDER BY t.orders DESC, t.coupon_id), '[]'::json)
            FROM top t JOIN coupon c ON c.id = t.coupon_id) AS top_codes,
         released.canceled, released.released,
         (SELECT count(*)::int FROM coupon_redemption
           WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'reserved') AS reserved_now
       FROM (SELECT count(*) FILTER (WHERE release_reason = 'order_canceled')::int AS canceled,
                    count(*)::int AS released
               FROM coupon_redemption
              WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'released'
                AND released_at >= ? AND released_at < ?) released`,
      [id, start, end, id, id, start, end]
    )
    return rows[0]
  })
  const discount: CurrencyAmount[] = row.discount
  return {
    from: input.range.from,
    to: input.range.to,
    orders: row.orders,
    customers: row.customers,
    discount,
    by_day: fillReportDays(
      input.range,
      row.days,
      discount.map((d) => d.currency_code)
    ),
    top_codes: row.top_codes,
    canceled: row.canceled,
    released: row.released,
    reserved_now: row.reserved_now,
  }
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
  const scope = only ? `AND promotion_id = ANY(?)` : ""
  return await readOnly(knex, async (trx) => {
    const { rows } = await trx.raw(
      `WITH g AS (
         SELECT GROUPING(currency_code, buyer) AS set, promotion_id, currency_code, buyer, count(*)::int AS n,
                sum(amount) AS total
           FROM (SELECT promotion_id, currency_code, ${BUYER} AS buyer, amount
                   FROM coupon_redemption WHERE ${CONFIRMED} ${scope}) u
          GROUP BY GROUPING SETS ((promotion_id, currency_code), (promotion_id, buyer))
       ),
       totals AS (
         SELECT promotion_id,
                sum(n) FILTER (WHERE set = ${ALL_BY_CURRENCY})::int AS orders,
                count(buyer) FILTER (WHERE set = ${ALL_BY_BUYER})::int AS customers,
                json_agg(json_build_object('currency_code', currency_code, 'amount', total::text) ORDER BY currency_code)
                  FILTER (WHERE set = ${ALL_BY_CURRENCY}) AS discount
           FROM g GROUP BY promotion_id
       )
       SELECT p.id AS promotion_id, coalesce(t.orders, 0) AS orders, coalesce(t.customers, 0) AS customers,
              coalesce(t.discount, '[]'::json) AS discount
         FROM coupon_promotion p LEFT JOIN totals t ON t.promotion_id = p.id
        WHERE p.deleted_at IS NULL ${only ? "AND p.id = ANY(?)" : ""}
        ORDER BY p.id`,
      only ? [only, only] : []
    )
    return rows
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
