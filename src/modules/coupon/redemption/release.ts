// Releasing uses (failed completion, stale reservation, canceled order) and giving them back: restore, the
// compensation of a release; plus the stale reservations the release job looks at.
import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { recordUseEffect, releaseUseEffect } from "../../../engine/redemption"
import { useOfRedemption, writeEffect } from "./counters"
import { movePromotionTotals } from "./promotion-totals"
import { lockPromotionsAndCoupons } from "./locks"
import { REDEMPTION_COLUMNS, RedemptionRow } from "./rows"

export type ReleaseRedemptionsInput = {
  redemption_ids?: string[]
  cart_id?: string
  order_id?: string
  /** Which states may be released: a stale-reservation sweep passes ["reserved"] only. */
  states: ("reserved" | "confirmed")[]
  reason: string
  lock_timeout_ms: number
}

export type ReleasedRedemption = RedemptionRow & { previous_state: "reserved" | "confirmed" }

/**
 * Releases live redemptions picked by id, cart or order (in the given states): uses, distinct customers, exhausted
 * customers and balance come back, and the coupon's state follows. Returns what it released; already released rows
 * are skipped, so it is idempotent.
 */
export async function releaseRedemptions(knex: Knex, input: ReleaseRedemptionsInput): Promise<ReleasedRedemption[]> {
  const where: string[] = ["deleted_at IS NULL", "state = ANY(?)"]
  const bindings: unknown[] = [input.states]
  if (input.redemption_ids) {
    where.push("id = ANY(?)")
    bindings.push(input.redemption_ids)
  }
  if (input.cart_id) {
    where.push("cart_id = ?")
    bindings.push(input.cart_id)
  }
  if (input.order_id) {
    where.push("order_id = ?")
    bindings.push(input.order_id)
  }
  if (bindings.length === 1) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Releasing redemptions needs ids, a cart or an order")
  }
  const { rows: candidates } = await knex.raw(
    `SELECT id, coupon_id FROM coupon_redemption WHERE ${where.join(" AND ")}`,
    bindings as any[]
  )
  if (!candidates.length) {
    return []
  }
  const locks = await lockPromotionsAndCoupons(
    knex,
    candidates.map((row: { coupon_id: string }) => row.coupon_id),
    input.lock_timeout_ms
  )
  // Re-read under the locks: a concurrent confirm or release may have moved them meanwhile.
  const { rows: locked } = await knex.raw(
    `SELECT ${REDEMPTION_COLUMNS} FROM coupon_redemption
      WHERE id = ANY(?) AND state = ANY(?) AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
    [candidates.map((row: { id: string }) => row.id), input.states]
  )
  const released: ReleasedRedemption[] = []
  for (const redemption of locked as RedemptionRow[]) {
    const { coupon, promotion, use } = await useOfRedemption(knex, locks, redemption, 1)
    const effect = releaseUseEffect({ ...use, unbindCustomer: redemption.assigned_coupon })
    const { rows } = await knex.raw(
      `UPDATE coupon_redemption SET state = 'released', released_at = now(), release_reason = ?,
              counted_customer = false, updated_at = now()
        WHERE id = ? RETURNING ${REDEMPTION_COLUMNS}`,
      [input.reason, redemption.id]
    )
    if (redemption.counted_customer && !effect.uncounted_customer && redemption.customer_id) {
      // The customer still uses the code through another order: that use now holds their "first N" place.
      await knex.raw(
        `UPDATE coupon_redemption SET counted_customer = true, updated_at = now()
          WHERE id = (SELECT id FROM coupon_redemption
                       WHERE coupon_id = ? AND customer_id = ? AND state <> 'released' AND deleted_at IS NULL
                       ORDER BY reserved_at, id LIMIT 1)`,
        [coupon.id, redemption.customer_id]
      )
    }
    await writeEffect(knex, promotion, coupon, effect)
    await movePromotionTotals(knex, promotion, redemption.currency_code, redemption.amount, -1)
    released.push({ ...rows[0], previous_state: redemption.state as "reserved" | "confirmed" })
  }
  return released
}

/**
 * Compensation of releaseRedemptions: puts released rows back in their previous state and counts them again, with
 * no limit checks (it undoes a release within the same workflow).
 */
export async function restoreRedemptions(
  knex: Knex,
  input: { redemptions: { id: string; previous_state: "reserved" | "confirmed" }[]; lock_timeout_ms: number }
): Promise<void> {
  if (!input.redemptions.length) {
    return
  }
  const previous = new Map(input.redemptions.map((entry) => [entry.id, entry.previous_state]))
  const { rows: candidates } = await knex.raw(
    `SELECT coupon_id FROM coupon_redemption WHERE id = ANY(?) AND state = 'released'`,
    [Array.from(previous.keys())]
  )
  if (!candidates.length) {
    return
  }
  const locks = await lockPromotionsAndCoupons(
    knex,
    candidates.map((row: { coupon_id: string }) => row.coupon_id),
    input.lock_timeout_ms
  )
  const { rows: locked } = await knex.raw(
    `SELECT ${REDEMPTION_COLUMNS} FROM coupon_redemption WHERE id = ANY(?) AND state = 'released' ORDER BY id FOR UPDATE`,
    [Array.from(previous.keys())]
  )
  for (const redemption of locked as RedemptionRow[]) {
    const { coupon, promotion, use } = await useOfRedemption(knex, locks, redemption, 0)
    const effect = recordUseEffect({ ...use, bindCustomer: redemption.assigned_coupon })
    await knex.raw(
      `UPDATE coupon_redemption SET state = ?, released_at = NULL, release_reason = NULL, counted_customer = ?,
              updated_at = now() WHERE id = ?`,
      [previous.get(redemption.id)!, effect.counted_customer, redemption.id]
    )
    await writeEffect(knex, promotion, coupon, effect)
    await movePromotionTotals(knex, promotion, redemption.currency_code, redemption.amount, 1)
  }
}

/** Reservations older than `before` (no order confirmed them): what the stale-reservation job looks at. */
export async function listStaleReservations(
  knex: Knex,
  input: { before: Date; limit: number }
): Promise<{ id: string; cart_id: string }[]> {
  const { rows } = await knex.raw(
    `SELECT id, cart_id FROM coupon_redemption
      WHERE state = 'reserved' AND deleted_at IS NULL AND reserved_at < ?
      ORDER BY reserved_at LIMIT ?`,
    [input.before, input.limit]
  )
  return rows
}
