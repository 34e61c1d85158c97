import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { CouponSummaryRow } from "./coupon-row"
import { lockNextUnassigned } from "./sql/batch-rows"

/**
 * The SQL of giving and taking back coupons, in one place. Both run inside the caller's transaction and lock
 * in the same order (promotion row, then coupon row) so they can never deadlock with each other.
 *
 * Why the promotion row lock: the promotion's counters are updated in the same transaction anyway (which
 * serializes gives of one promotion on that row), and taking it FIRST makes the "does this customer already
 * hold a code?" check race-free across processes and instances, with no extra index or advisory lock.
 * Postgres is the only arbiter (DESIGN §3 fact 7): nothing here relies on process memory.
 */

export type AssignedCouponRow = CouponSummaryRow & {
  promotion_id: string
  batch_id: string | null
}

export type LockedPromotionRow = {
  id: string
  custom_id: string
  name: string
  archived_at: Date | null
  allow_multiple_per_customer: boolean
  valid_days_after_assignment: number | null
  low_stock_threshold: number | null
  codes_unassigned: number
}

export type AssignCouponResult = {
  coupon: AssignedCouponRow
  promotion: LockedPromotionRow
  /** False when the customer already held a code of a one-per-customer promotion (idempotent give). */
  created: boolean
  /** Unassigned codes left after this give. */
  codes_unassigned: number
}

const COUPON_COLUMNS = "id, code, state, customer_id, assigned_at, expires_at, promotion_id, batch_id"
const PROMOTION_COLUMNS =
  "id, custom_id, name, archived_at, allow_multiple_per_customer, valid_days_after_assignment, low_stock_threshold, codes_unassigned"

async function lockPromotion(knex: Knex, promotion: string): Promise<LockedPromotionRow> {
  // A contended promotion fails fast instead of hanging a request (Medusa's registerUsage does the same).
  await knex.raw("SET LOCAL lock_timeout = '10s'")
  const { rows } = await knex.raw(
    `SELECT ${PROMOTION_COLUMNS} FROM coupon_promotion
      WHERE (id = ? OR custom_id = ?) AND deleted_at IS NULL
      ORDER BY (id = ?) DESC LIMIT 1 FOR UPDATE`,
    [promotion, promotion, promotion]
  )
  if (!rows.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon promotion ${promotion} was not found`)
  }
  return rows[0]
}

async function moveCounters(knex: Knex, coupon: AssignedCouponRow, delta: 1 | -1): Promise<number> {
  // delta -1: one code leaves the unassigned pool; +1: it comes back.
  if (coupon.batch_id) {
    // The batch's assignment cursor (sql/batch-rows.ts) moves onto a code given, and back to a code returned before it.
    await knex.raw(
      `UPDATE coupon_batch SET codes_unassigned = codes_unassigned + ?, codes_assigned = codes_assigned - ?,
              assign_cursor = CASE WHEN code_id_prefix IS NULL THEN assign_cursor
                                   WHEN ? < 0 OR assign_cursor > ? THEN ? ELSE assign_cursor END,
              updated_at = now() WHERE id = ?`,
      [delta, delta, delta, coupon.id, coupon.id, coupon.batch_id]
    )
  }
  const { rows } = await knex.raw(
    `UPDATE coupon_promotion SET codes_unassigned = codes_unassigned + ?, codes_assigned = codes_assigned - ?,
            updated_at = now() WHERE id = ? RETURNING codes_unassigned`,
    [delta, delta, coupon.promotion_id]
  )
  return rows[0].codes_unassigned
}

export async function assignNextCoupon(
  knex: Knex,
  input: { promotion: string; customer_id: string }
): Promise<AssignCouponResult> {
  const promotion = await lockPromotion(knex, input.promotion)
  if (promotion.archived_at) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Coupon promotion ${promotion.custom_id} is archived: its codes can no longer be given`
    )
  }

  if (!promotion.allow_multiple_per_customer) {
    const { rows: held } = await knex.raw(
      `SELECT ${COUPON_COLUMNS} FROM coupon
        WHERE promotion_id = ? AND customer_id = ? AND state <> 'void' AND deleted_at IS NULL
        ORDER BY assigned_at DESC LIMIT 1`,
      [promotion.id, input.customer_id]
    )
    if (held.length) {
      return { coupon: held[0], promotion, created: false, codes_unassigned: promotion.codes_unassigned }
    }
  }

  // Codes written without a batch first (the promotion/state index), then the batches' ranges, oldest first.
  const picked = await lockNextUnassigned(knex, promotion.id)
  const { rows } = picked
    ? await knex.raw(
        `UPDATE coupon c
            SET state = 'assigned', customer_id = ?, assigned_at = now(), updated_at = now(),
                expires_at = CASE WHEN ?::int IS NULL THEN c.expires_at
                                  ELSE now() + make_interval(days => ?::int) END
          WHERE c.id = ?
         RETURNING ${COUPON_COLUMNS}`,
        [input.customer_id, promotion.valid_days_after_assignment, promotion.valid_days_after_assignment, picked.id]
      )
    : { rows: [] }
  if (!rows.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Coupon promotion ${promotion.custom_id} has no unassigned codes left`
    )
  }
  const coupon: AssignedCouponRow = rows[0]
  const codes_unassigned = await moveCounters(knex, coupon, -1)
  return { coupon, promotion, created: true, codes_unassigned }
}

export async function returnCouponToStock(
  knex: Knex,
  input: { coupon_id: string; promotion?: string }
): Promise<{ coupon: AssignedCouponRow; previous_customer_id: string | null; codes_unassigned: number }> {
  const { rows: found } = await knex.raw(
    `SELECT promotion_id FROM coupon WHERE id = ? AND deleted_at IS NULL`,
    [input.coupon_id]
  )
  if (!found.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon ${input.coupon_id} was not found`)
  }
  const promotion = await lockPromotion(knex, found[0].promotion_id)
  if (input.promotion && input.promotion !== promotion.id && input.promotion !== promotion.custom_id) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Coupon ${input.coupon_id} was not found in coupon promotion ${input.promotion}`
    )
  }

  const { rows } = await knex.raw(
    `SELECT ${COUPON_COLUMNS}, uses_count,
            EXISTS (SELECT 1 FROM coupon_redemption r
                     WHERE r.coupon_id = coupon.id AND r.state <> 'released' AND r.deleted_at IS NULL) AS redeemed
       FROM coupon WHERE id = ? FOR UPDATE`,
    [input.coupon_id]
  )
  const locked = rows[0]
  if (locked.state !== "assigned") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Coupon ${locked.code} is not assigned (state: ${locked.state})`
    )
  }
  if (locked.uses_count > 0 || locked.redeemed) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Coupon ${locked.code} has been used and cannot be unassigned`
    )
  }

  // An expiry counted from assignment belongs to that assignment: the next customer gets a fresh one.
  const { rows: updated } = await knex.raw(
    `UPDATE coupon SET state = 'unassigned', customer_id = NULL, assigned_at = NULL, updated_at = now(),
            expires_at = CASE WHEN ?::int IS NULL THEN expires_at ELSE NULL END
      WHERE id = ? RETURNING ${COUPON_COLUMNS}`,
    [promotion.valid_days_after_assignment, input.coupon_id]
  )
  const codes_unassigned = await moveCounters(knex, updated[0], 1)
  return { coupon: updated[0], previous_customer_id: locked.customer_id, codes_unassigned }
}
