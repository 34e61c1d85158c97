// Locking a redemption's promotion and coupon rows, in the order every writer of this module takes them
// (promotion rows, then coupon rows, each by id), with a bounded wait.
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

const COUPON_COLUMNS =
  "id, code, promotion_id, batch_id, state, customer_id, expires_at, uses_count, customers_count, " +
  "customers_exhausted, amount_used::text AS amount_used"

/** The locked rows keyed by id. */
export type LockedRows = { promotions: Map<string, any>; coupons: Map<string, any> }

async function setLockTimeout(knex: Knex, ms: number) {
  // Bounded like Medusa's registerUsage: a contended row fails the completion instead of hanging it.
  await knex.raw(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(ms))}ms'`)
}

/** Sets the lock timeout, then locks the coupons' promotions and the coupons, each ordered by id. */
export async function lockPromotionsAndCoupons(knex: Knex, couponIds: string[], lockTimeoutMs: number): Promise<LockedRows> {
  await setLockTimeout(knex, lockTimeoutMs)
  const ids = Array.from(new Set(couponIds))
  const { rows: owners } = await knex.raw(`SELECT DISTINCT promotion_id FROM coupon WHERE id = ANY(?)`, [ids])
  const promotionIds = owners.map((row: { promotion_id: string }) => row.promotion_id)
  const { rows: promotions } = await knex.raw(
    `SELECT *, discount_value::text AS discount_value, min_purchase::text AS min_purchase
       FROM coupon_promotion WHERE id = ANY(?) ORDER BY id FOR UPDATE`,
    [promotionIds]
  )
  const { rows: coupons } = await knex.raw(
    `SELECT ${COUPON_COLUMNS} FROM coupon WHERE id = ANY(?) ORDER BY id FOR UPDATE`,
    [ids]
  )
  return {
    promotions: new Map<string, any>(promotions.map((row: any) => [row.id, row])),
    coupons: new Map<string, any>(coupons.map((row: any) => [row.id, row])),
  }
}
