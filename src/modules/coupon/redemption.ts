import { MedusaError, generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { CartInput } from "../../engine/discount"
import { couponRefusalError } from "../../lib/coupon-refusal-error"
import {
  CouponCounters,
  RedemptionEffect,
  checkRedemption,
  recordUseEffect,
  releaseUseEffect,
} from "../../engine/redemption"

/**
 * The SQL of the redemption ledger, in one place: reserve at checkout, confirm with the order, release (failed
 * completion, stale reservation, canceled order) and restore (compensation of a release).
 *
 * Every limit and balance is decided here with the rows locked in Postgres, never in process memory, so it holds on
 * any number of app instances (DESIGN §3 fact 7). Lock order everywhere: promotion rows, then coupon rows (both by
 * id), then redemption rows, the order ./assignment.ts uses, so gives, redemptions and releases never deadlock.
 * Decisions and counter arithmetic come from src/engine/redemption.ts.
 */

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

export type ReserveRedemptionsInput = {
  cart_id: string
  /** The cart's customer record (guest or registered): whose uses and "first N customers" place this is. */
  customer_id: string | null
  currency_code: string
  /** The engine's view of the cart; its customer_id is ignored: each coupon carries its own authenticated_customer_id. */
  cart: CartInput
  /**
   * One entry per applied coupon that gives the cart a discount: what the order keeps, and the customer proven to
   * have applied it (authenticated, and still the cart's customer), or null: a personal coupon needs one.
   */
  coupons: { coupon_id: string; amount: string; authenticated_customer_id: string | null }[]
  now: Date
  lock_timeout_ms: number
}

export type ReserveRedemptionsResult = {
  redemptions: RedemptionRow[]
  /** Ids reserved by this call; the rest already existed for the cart (an idempotent retry). */
  created_ids: string[]
}

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

const STATE_COUNTER: Record<string, string | null> = {
  unassigned: "codes_unassigned",
  assigned: "codes_assigned",
  used_partially: "codes_used_partially",
  used_fully: "codes_used_fully",
  void: null,
}

const REDEMPTION_COLUMNS =
  "id, coupon_id, promotion_id, customer_id, cart_id, order_id, amount::text AS amount, currency_code, state, " +
  "counted_customer, assigned_coupon, reserved_at, confirmed_at, released_at, release_reason"

const COUPON_COLUMNS =
  "id, code, promotion_id, batch_id, state, customer_id, expires_at, uses_count, customers_count, " +
  "customers_exhausted, amount_used::text AS amount_used"

async function setLockTimeout(knex: Knex, ms: number) {
  // Bounded like Medusa's registerUsage: a contended row fails the completion instead of hanging it.
  await knex.raw(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(ms))}ms'`)
}

/** Locks promotions then coupons, each ordered by id; returns them keyed by id. */
async function lockPromotionsAndCoupons(knex: Knex, couponIds: string[]) {
  const { rows: owners } = await knex.raw(`SELECT DISTINCT promotion_id FROM coupon WHERE id = ANY(?)`, [couponIds])
  const promotionIds = owners.map((row: { promotion_id: string }) => row.promotion_id)
  const { rows: promotions } = await knex.raw(
    `SELECT *, discount_value::text AS discount_value, min_purchase::text AS min_purchase
       FROM coupon_promotion WHERE id = ANY(?) ORDER BY id FOR UPDATE`,
    [promotionIds]
  )
  const { rows: coupons } = await knex.raw(
    `SELECT ${COUPON_COLUMNS} FROM coupon WHERE id = ANY(?) ORDER BY id FOR UPDATE`,
    [couponIds]
  )
  return {
    promotions: new Map<string, any>(promotions.map((row: any) => [row.id, row])),
    coupons: new Map<string, any>(coupons.map((row: any) => [row.id, row])),
  }
}

function counters(coupon: any): CouponCounters {
  return {
    state: coupon.state,
    customer_id: coupon.customer_id,
    uses_count: coupon.uses_count,
    customers_count: coupon.customers_count,
    customers_exhausted: coupon.customers_exhausted,
    amount_used: coupon.amount_used,
  }
}

function rawBigNumber(value: string | null) {
  return value === null ? null : JSON.stringify({ value, precision: 20 })
}

/**
 * Writes a coupon's new counters and moves the promotion's and batch's counters with it (state partition counts,
 * distinct customers, exhausted customers). Mutates the locked rows in memory so later checks in the same
 * transaction see the new values.
 */
async function writeEffect(knex: Knex, promotion: any, coupon: any, effect: RedemptionEffect) {
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

async function liveUses(knex: Knex, couponId: string, customerId: string, exceptCartId?: string): Promise<number> {
  const { rows } = await knex.raw(
    `SELECT count(*)::int AS uses FROM coupon_redemption
      WHERE coupon_id = ? AND customer_id = ? AND state <> 'released' AND deleted_at IS NULL
        ${exceptCartId ? "AND cart_id <> ?" : ""}`,
    exceptCartId ? [couponId, customerId, exceptCartId] : [couponId, customerId]
  )
  return rows[0].uses
}

/**
 * Reserves one redemption per coupon for the cart, all or nothing. Idempotent per cart: a coupon that already has a
 * live redemption for this cart is returned as is (a retried completion counts once). Refuses with NOT_ALLOWED and
 * the shopper-facing reason when a limit or the balance no longer allows it.
 */
export async function reserveRedemptions(knex: Knex, input: ReserveRedemptionsInput): Promise<ReserveRedemptionsResult> {
  if (!input.coupons.length) {
    return { redemptions: [], created_ids: [] }
  }
  await setLockTimeout(knex, input.lock_timeout_ms)
  const couponIds = input.coupons.map((entry) => entry.coupon_id)
  const { promotions, coupons } = await lockPromotionsAndCoupons(knex, couponIds)

  const { rows: existing } = await knex.raw(
    `SELECT ${REDEMPTION_COLUMNS} FROM coupon_redemption
      WHERE cart_id = ? AND coupon_id = ANY(?) AND state <> 'released' AND deleted_at IS NULL`,
    [input.cart_id, couponIds]
  )
  const existingByCoupon = new Map<string, RedemptionRow>(existing.map((row: RedemptionRow) => [row.coupon_id, row]))

  const redemptions: RedemptionRow[] = []
  const created: string[] = []
  for (const entry of input.coupons) {
    const already = existingByCoupon.get(entry.coupon_id)
    if (already) {
      redemptions.push(already)
      continue
    }
    const coupon = coupons.get(entry.coupon_id)
    const promotion = coupon ? promotions.get(coupon.promotion_id) : undefined
    const active = promotion && !promotion.deleted_at ? promotion : null
    const uses = input.customer_id ? await liveUses(knex, entry.coupon_id, input.customer_id, input.cart_id) : 0
    const cart = { ...input.cart, customer_id: entry.authenticated_customer_id }
    const decision = checkRedemption({
      promotion: active,
      coupon: coupon ?? null,
      cart,
      customerUsage: { uses },
      amount: entry.amount,
      now: input.now,
    })
    if (!decision.ok) {
      throw couponRefusalError({ reason: decision.reason, message: decision.message })
    }
    const bind = active!.coupon_type === "personal" && !coupon.customer_id && !!cart.customer_id
    const effect = recordUseEffect({
      promotion: active,
      coupon: counters(coupon),
      customer_id: input.customer_id,
      customerUses: uses,
      amount: entry.amount,
      bindCustomer: bind,
    })
    const id = generateEntityId(undefined, "credeem")
    const { rows } = await knex.raw(
      `INSERT INTO coupon_redemption (id, coupon_id, promotion_id, customer_id, cart_id, amount, raw_amount,
              currency_code, state, counted_customer, assigned_coupon, reserved_at)
       VALUES (?, ?, ?, ?, ?, ?::numeric, ?::jsonb, ?, 'reserved', ?, ?, ?)
       RETURNING ${REDEMPTION_COLUMNS}`,
      [
        id,
        coupon.id,
        active.id,
        input.customer_id,
        input.cart_id,
        entry.amount,
        rawBigNumber(entry.amount),
        input.currency_code.toLowerCase(),
        effect.counted_customer,
        bind,
        input.now,
      ]
    )
    await writeEffect(knex, active, coupon, effect)
    redemptions.push(rows[0])
    created.push(id)
  }
  return { redemptions, created_ids: created }
}

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
  await setLockTimeout(knex, input.lock_timeout_ms)
  const { promotions, coupons } = await lockPromotionsAndCoupons(
    knex,
    Array.from(new Set(candidates.map((row: { coupon_id: string }) => row.coupon_id)))
  )
  // Re-read under the locks: a concurrent confirm or release may have moved them meanwhile.
  const { rows: locked } = await knex.raw(
    `SELECT ${REDEMPTION_COLUMNS} FROM coupon_redemption
      WHERE id = ANY(?) AND state = ANY(?) AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
    [candidates.map((row: { id: string }) => row.id), input.states]
  )
  const released: ReleasedRedemption[] = []
  for (const redemption of locked as RedemptionRow[]) {
    const coupon = coupons.get(redemption.coupon_id)
    const promotion = promotions.get(coupon.promotion_id)
    const uses = redemption.customer_id ? await liveUses(knex, coupon.id, redemption.customer_id) : 1
    const effect = releaseUseEffect({
      promotion,
      coupon: counters(coupon),
      customer_id: redemption.customer_id,
      customerUses: uses,
      amount: redemption.amount,
      unbindCustomer: redemption.assigned_coupon,
    })
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
  await setLockTimeout(knex, input.lock_timeout_ms)
  const { promotions, coupons } = await lockPromotionsAndCoupons(
    knex,
    Array.from(new Set(candidates.map((row: { coupon_id: string }) => row.coupon_id)))
  )
  const { rows: locked } = await knex.raw(
    `SELECT ${REDEMPTION_COLUMNS} FROM coupon_redemption WHERE id = ANY(?) AND state = 'released' ORDER BY id FOR UPDATE`,
    [Array.from(previous.keys())]
  )
  for (const redemption of locked as RedemptionRow[]) {
    const coupon = coupons.get(redemption.coupon_id)
    const promotion = promotions.get(coupon.promotion_id)
    const uses = redemption.customer_id ? await liveUses(knex, coupon.id, redemption.customer_id) : 0
    const effect = recordUseEffect({
      promotion,
      coupon: counters(coupon),
      customer_id: redemption.customer_id,
      customerUses: uses,
      amount: redemption.amount,
      bindCustomer: redemption.assigned_coupon,
    })
    await knex.raw(
      `UPDATE coupon_redemption SET state = ?, released_at = NULL, release_reason = NULL, counted_customer = ?,
              updated_at = now() WHERE id = ?`,
      [previous.get(redemption.id)!, effect.counted_customer, redemption.id]
    )
    await writeEffect(knex, promotion, coupon, effect)
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
