// Confirming with the order: the cart's reservations become the order's redemptions (and the compensation that
// puts them back to reserved).
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { REDEMPTION_COLUMNS, RedemptionRow } from "./rows"

/** Marks the cart's reservations confirmed with the order id; returns only the rows this call confirmed. */
export async function confirmRedemptions(
  knex: Knex,
  input: { cart_id: string; order_id: string; now: Date }
): Promise<RedemptionRow[]> {
  const { rows } = await knex.raw(
    `UPDATE coupon_redemption SET state = 'confirmed', order_id = ?, confirmed_at = ?, updated_at = now()
      WHERE cart_id = ? AND state = 'reserved' AND deleted_at IS NULL
      RETURNING ${REDEMPTION_COLUMNS}`,
    [input.order_id, input.now, input.cart_id]
  )
  return rows
}

/** Compensation of confirmRedemptions: back to reserved. */
export async function unconfirmRedemptions(knex: Knex, ids: string[]): Promise<void> {
  if (!ids.length) {
    return
  }
  await knex.raw(
    `UPDATE coupon_redemption SET state = 'reserved', order_id = NULL, confirmed_at = NULL, updated_at = now()
      WHERE id = ANY(?) AND state = 'confirmed'`,
    [ids]
  )
}
