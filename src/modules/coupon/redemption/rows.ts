// The redemption ledger's row as its SQL returns it, the columns that select it, how amounts are stored, and how
// many live uses a customer has of a coupon.
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

export type RedemptionRow = {
  id: string
  coupon_id: string
  promotion_id: string
  customer_id: string | null
  cart_id: string
  order_id: string | null
  amount: string
  currency_code: string
  state: "reserved" | "confirmed" | "released"
  counted_customer: boolean
  assigned_coupon: boolean
  reserved_at: Date
  confirmed_at: Date | null
  released_at: Date | null
  release_reason: string | null
}

export const REDEMPTION_COLUMNS =
  "id, coupon_id, promotion_id, customer_id, cart_id, order_id, amount::text AS amount, currency_code, state, " +
  "counted_customer, assigned_coupon, reserved_at, confirmed_at, released_at, release_reason"

/** The raw_* JSON Medusa's BigNumber columns keep next to a numeric. */
export function rawBigNumber(value: string | null) {
  return value === null ? null : JSON.stringify({ value, precision: 20 })
}

export async function liveUses(knex: Knex, couponId: string, customerId: string, exceptCartId?: string): Promise<number> {
  const { rows } = await knex.raw(
    `SELECT count(*)::int AS uses FROM coupon_redemption
      WHERE coupon_id = ? AND customer_id = ? AND state <> 'released' AND deleted_at IS NULL
        ${exceptCartId ? "AND cart_id <> ?" : ""}`,
    exceptCartId ? [couponId, customerId, exceptCartId] : [couponId, customerId]
  )
  return rows[0].uses
}
