import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/** Refusal of any change to an archived promotion (also the workflows' ARCHIVED_READ_ONLY). */
export const ARCHIVED_PROMOTION_READ_ONLY = "Archived coupon promotions are read-only"

/**
 * Locks a live promotion's row for a change an admin makes (an update, voiding codes, a new expiry): 404 when it does
 * not exist, NOT_ALLOWED when archived. Holding the lock, an archive running at the same time waits for the change or
 * finds it done, never the other way round; and it is the first lock of the module's order (see service.ts).
 */
export async function lockOpenPromotion(knex: Knex, id: string): Promise<{ id: string; custom_id: string }> {
  const { rows } = await knex.raw(
    `SELECT id, custom_id, archived_at FROM coupon_promotion WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
    [id]
  )
  if (!rows.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon promotion with id: ${id} was not found`)
  }
  if (rows[0].archived_at) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, ARCHIVED_PROMOTION_READ_ONLY)
  }
  return { id: rows[0].id, custom_id: rows[0].custom_id }
}

/** A bounded wait for row locks, as the redemption writers use: a contended row fails the request instead of hanging. */
export async function setLockTimeout(knex: Knex, ms: number): Promise<void> {
  await knex.raw(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(ms))}ms'`)
}
