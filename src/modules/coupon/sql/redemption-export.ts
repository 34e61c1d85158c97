// Every use of a promotion for the redemptions.csv download: ledger rows with their code, oldest first, read
// through a server-side cursor so a promotion with a million uses streams out in pages, never held whole.
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { streamCursor } from "./cursor"

export type RedemptionExportRow = {
  id: string
  order_id: string | null
  customer_id: string | null
  email: string | null
  code: string
  /** Exact decimal string. */
  amount: string
  currency_code: string
  state: "reserved" | "confirmed" | "released"
  reserved_at: Date
  confirmed_at: Date | null
  released_at: Date | null
  release_reason: string | null
}

/**
 * Pages of `fetchSize` rows: every redemption of the promotion (all states), in id order, which is the order they were
 * made in (ids start with their creation time). No sort stands between a large promotion's first row and the client:
 * the primary key hands the rows out in order.
 */
export async function* streamPromotionRedemptions(
  knex: Knex,
  promotionId: string,
  fetchSize = 5000
): AsyncGenerator<RedemptionExportRow[]> {
  yield* streamCursor<RedemptionExportRow>(knex, {
    begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    sql: `SELECT r.id, r.order_id, r.customer_id, r.email, c.code, r.amount::text AS amount, r.currency_code, r.state,
                 r.reserved_at, r.confirmed_at, r.released_at, r.release_reason
            FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
           WHERE r.promotion_id = $1 AND r.deleted_at IS NULL
           ORDER BY r.id`,
    params: [promotionId],
    fetchSize,
  })
}
