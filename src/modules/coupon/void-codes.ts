// Voiding codes (admin "Void code" and "Void unused codes"): an unused code, unassigned or assigned with no use,
// becomes void for good. A void code keeps its row, so its value stays taken (no import or generation brings it
// back), and checkout refuses it exactly like an unknown code (engine checkCouponEligibility). There is no un-void.
import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { BatchRowsScope, batchRowsWhere } from "./sql/batch-rows"
import { lockOpenPromotion, setLockTimeout } from "./open-promotion"

export type VoidCouponsInput = { promotion_id: string } & ({ coupon_id: string } | { batch_id: string })

/** What a promotion and a batch count of their codes; void codes stay in codes_total only (sql/invariants.ts). */
export type CodeCounters = {
  id: string
  codes_total: number
  codes_unassigned: number
  codes_assigned: number
  codes_used_partially: number
  codes_used_fully: number
}

export type VoidedCoupon = {
  id: string
  code: string
  state: "void"
  promotion_id: string
  batch_id: string | null
  customer_id: string | null
  assigned_at: Date | null
  expires_at: Date | null
  uses_count: number
  updated_at: Date
}

export type VoidCouponsResult = {
  voided: number
  /** The code voided, for a single code. */
  coupon: VoidedCoupon | null
  /** The state each voided code left, for the event (a single code's previous holder stays on its row). */
  previous_state: "unassigned" | "assigned" | null
  promotion: CodeCounters
  batch: CodeCounters | null
}

const COUNTERS = "id, codes_total, codes_unassigned, codes_assigned, codes_used_partially, codes_used_fully"
const COUPON_COLUMNS = "id, code, state, promotion_id, batch_id, customer_id, assigned_at, expires_at, uses_count, updated_at"
/** A live use (reserved at checkout, or confirmed) of the coupon row in scope. */
const LIVE_USE = `EXISTS (SELECT 1 FROM coupon_redemption r
                  WHERE r.coupon_id = coupon.id AND r.state <> 'released' AND r.deleted_at IS NULL)`

/**
 * Voids one code, or every unused code of a batch, in the caller's transaction. Locks as every writer of the module
 * does (the promotion row, then the coupon rows by id, then the batch row), so a checkout reserving one of these codes
 * either finished first (the code is then used and left alone) or waits and then finds it void. The promotion and
 * batch counters move by exactly the codes voided: unassigned or assigned down, codes_total unchanged.
 */
export async function voidCoupons(knex: Knex, input: VoidCouponsInput, lockTimeoutMs: number): Promise<VoidCouponsResult> {
  await setLockTimeout(knex, lockTimeoutMs)
  await lockOpenPromotion(knex, input.promotion_id)
  if ("coupon_id" in input) {
    return await voidOneCoupon(knex, input.promotion_id, input.coupon_id)
  }
  const batch = batchRowsWhere(await findSettledBatch(knex, input.promotion_id, input.batch_id, "void its codes"))
  const { rows } = await knex.raw(
    `WITH picked AS (
       SELECT id, state FROM coupon
        WHERE ${batch.sql} AND deleted_at IS NULL
          AND state IN ('unassigned', 'assigned') AND uses_count = 0 AND NOT ${LIVE_USE}
        ORDER BY id FOR UPDATE
     ), voided AS (
       UPDATE coupon c SET state = 'void', updated_at = now() FROM picked WHERE c.id = picked.id
       RETURNING picked.state AS previous_state
     )
     SELECT count(*) FILTER (WHERE previous_state = 'unassigned')::int AS unassigned,
            count(*) FILTER (WHERE previous_state = 'assigned')::int AS assigned
       FROM voided`,
    batch.bindings
  )
  const { unassigned, assigned } = rows[0] as { unassigned: number; assigned: number }
  const counters = await moveCounters(knex, input.promotion_id, input.batch_id, unassigned, assigned)
  return { voided: unassigned + assigned, coupon: null, previous_state: null, ...counters }
}

async function voidOneCoupon(knex: Knex, promotionId: string, couponId: string): Promise<VoidCouponsResult> {
  const { rows } = await knex.raw(
    `SELECT id, code, state, batch_id, uses_count, ${LIVE_USE} AS in_use
       FROM coupon WHERE id = ? AND promotion_id = ? AND deleted_at IS NULL FOR UPDATE`,
    [couponId, promotionId]
  )
  const locked = rows[0] as { code: string; state: string; batch_id: string | null; uses_count: number; in_use: boolean }
  if (!locked) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Coupon with id: ${couponId} was not found in coupon promotion ${promotionId}`
    )
  }
  if (locked.state === "void") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Coupon ${locked.code} is already void`)
  }
  if (locked.state !== "unassigned" && locked.state !== "assigned") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Coupon ${locked.code} has been used and cannot be voided`)
  }
  if (locked.uses_count > 0 || locked.in_use) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Coupon ${locked.code} is held by a checkout in progress and cannot be voided`
    )
  }
  const { rows: updated } = await knex.raw(
    `UPDATE coupon SET state = 'void', updated_at = now() WHERE id = ? RETURNING ${COUPON_COLUMNS}`,
    [couponId]
  )
  const previous = locked.state as "unassigned" | "assigned"
  const counters = await moveCounters(
    knex,
    promotionId,
    locked.batch_id,
    previous === "unassigned" ? 1 : 0,
    previous === "assigned" ? 1 : 0
  )
  return { voided: 1, coupon: updated[0], previous_state: previous, ...counters }
}

/**
 * The batch of the promotion an admin acts on: 404 when it is not one of the promotion's, NOT_ALLOWED while it is
 * still being generated (its codes are not written yet). Read without a lock: batch rows come after coupon rows.
 */
export async function findSettledBatch(
  knex: Knex,
  promotionId: string,
  batchId: string,
  action: string
): Promise<BatchRowsScope> {
  const { rows } = await knex.raw(
    `SELECT id, promotion_id, code_id_prefix, state FROM coupon_batch WHERE id = ? AND promotion_id = ? AND deleted_at IS NULL`,
    [batchId, promotionId]
  )
  if (!rows.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon batch with id: ${batchId} was not found`)
  }
  if (rows[0].state === "pending" || rows[0].state === "running") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Coupon batch ${batchId} is being generated; ${action} once it has completed`
    )
  }
  return rows[0]
}

async function moveCounters(knex: Knex, promotionId: string, batchId: string | null, unassigned: number, assigned: number) {
  const set = `codes_unassigned = codes_unassigned - ?, codes_assigned = codes_assigned - ?, updated_at = now()`
  let batch: CodeCounters | null = null
  if (batchId) {
    const { rows } = await knex.raw(`UPDATE coupon_batch SET ${set} WHERE id = ? RETURNING ${COUNTERS}`, [
      unassigned,
      assigned,
      batchId,
    ])
    batch = rows[0] ?? null
  }
  const { rows } = await knex.raw(`UPDATE coupon_promotion SET ${set} WHERE id = ? RETURNING ${COUNTERS}`, [
    unassigned,
    assigned,
    promotionId,
  ])
  return { promotion: rows[0] as CodeCounters, batch }
}
