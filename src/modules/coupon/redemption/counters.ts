// What one use does to a locked coupon and its promotion's and batch's counters: the engine's input for a locked
// redemption, and writing the engine's answer (src/engine/redemption.ts) back to the rows.
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { RedemptionEffect, couponCounters } from "../../../engine/redemption"
import { LockedRows } from "./locks"
import { RedemptionRow, liveUses, rawBigNumber } from "./rows"

const STATE_COUNTER: Record<string, string | null> = {
  unassigned: "codes_unassigned",
  assigned: "codes_assigned",
  used_partially: "codes_used_partially",
  used_fully: "codes_used_fully",
  void: null,
}

/**
 * A locked redemption's coupon and promotion, and the engine's input for its use: the customer's live uses of the
 * coupon (`usesWithoutCustomer` when the cart had no customer record) and the redemption's amount.
 */
export async function useOfRedemption(
  knex: Knex,
  locks: LockedRows,
  redemption: RedemptionRow,
  usesWithoutCustomer: number
) {
  const coupon = locks.coupons.get(redemption.coupon_id)
  const promotion = locks.promotions.get(coupon.promotion_id)
  const uses = redemption.customer_id ? await liveUses(knex, coupon.id, redemption.customer_id) : usesWithoutCustomer
  return {
    coupon,
    promotion,
    use: {
      promotion,
      coupon: couponCounters(coupon),
      customer_id: redemption.customer_id,
      customerUses: uses,
      amount: redemption.amount,
    },
  }
}

/**
 * Writes a coupon's new counters and moves the promotion's and batch's counters with it (state partition counts,
 * distinct customers, exhausted customers). Mutates the locked rows in memory so later checks in the same
 * transaction see the new values.
 */
export async function writeEffect(knex: Knex, promotion: any, coupon: any, effect: RedemptionEffect) {
  const next = effect.coupon
  const bound = !coupon.customer_id && next.customer_id
  const unbound = coupon.customer_id && !next.customer_id
  await knex.raw(
    `UPDATE coupon SET state = ?, customer_id = ?, uses_count = ?, customers_count = ?, customers_exhausted = ?,
            amount_used = ?::numeric, raw_amount_used = ?::jsonb,
            assigned_at = CASE WHEN ? THEN now() WHEN ? THEN NULL ELSE assigned_at END, updated_at = now()
      WHERE id = ?`,
    [
      next.state,
      next.customer_id,
      next.uses_count,
      next.customers_count,
      next.customers_exhausted,
      next.amount_used,
      rawBigNumber(next.amount_used),
      !!bound,
      !!unbound,
      coupon.id,
    ]
  )
  const from = STATE_COUNTER[coupon.state]
  const to = STATE_COUNTER[next.state]
  const moves: string[] = []
  if (from !== to) {
    if (from) moves.push(`${from} = ${from} - 1`)
    if (to) moves.push(`${to} = ${to} + 1`)
  }
  if (moves.length && coupon.batch_id) {
    await knex.raw(`UPDATE coupon_batch SET ${moves.join(", ")}, updated_at = now() WHERE id = ?`, [coupon.batch_id])
  }
  const { customers_used, customers_exhausted } = effect.delta
  if (moves.length || customers_used || customers_exhausted) {
    await knex.raw(
      `UPDATE coupon_promotion SET ${[...moves, "customers_used = customers_used + ?",
        "customers_exhausted = customers_exhausted + ?"].join(", ")}, updated_at = now() WHERE id = ?`,
      [customers_used, customers_exhausted, promotion.id]
    )
  }
  if (from !== to) {
    if (from) promotion[from] -= 1
    if (to) promotion[to] += 1
  }
  promotion.customers_used += customers_used
  promotion.customers_exhausted += customers_exhausted
  Object.assign(coupon, next)
}
