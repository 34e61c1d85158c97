// Reserving at checkout: one redemption per applied coupon for the cart, all or nothing, with every limit and
// balance checked under the row locks.
import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { CartInput } from "../../../engine/discount"
import { couponRefusalError } from "../../../lib/coupon-refusal-error"
import { checkRedemption, couponCounters, recordUseEffect } from "../../../engine/redemption"
import { resolveStacking } from "../../../engine/stacking"
import { countCustomerUses } from "../sql/customer-usage"
import { writeEffect } from "./counters"
import { movePromotionTotals } from "./promotion-totals"
import { lockPromotionsAndCoupons } from "./locks"
import { REDEMPTION_COLUMNS, RedemptionRow, rawBigNumber } from "./rows"

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
  /** The cart's e-mail: a guest's uses of a promotion are matched by it (per_customer_scope "promotion"). */
  email?: string | null
  /** Medusa promotion codes discounting the cart (stacking: combinable_with_native). */
  native_codes?: string[]
  /** maxCouponsPerCart (null: no limit). */
  max_coupons_per_cart?: number | null
  /**
   * The shopper's customer groups and earlier orders, read by the caller just before (customer_group_ids,
   * first_order_only); absent: not loaded, which refuses a promotion that needs them.
   */
  audience?: { group_ids?: string[] | null; prior_orders?: number | null }
  now: Date
  lock_timeout_ms: number
}

export type ReserveRedemptionsResult = {
  redemptions: RedemptionRow[]
  /** Ids reserved by this call; the rest already existed for the cart (an idempotent retry). */
  created_ids: string[]
}

/**
 * Stacking re-checked on the locked promotions (an admin may have changed a flag since the cart was priced): the
 * coupons that discount the cart, in the order they were applied, with the native codes on it.
 */
function assertStackingUnderLock(input: ReserveRedemptionsInput, promotions: Map<string, any>, coupons: Map<string, any>) {
  const entries = input.coupons.flatMap((entry) => {
    const coupon = coupons.get(entry.coupon_id)
    const promotion = coupon ? promotions.get(coupon.promotion_id) : undefined
    return promotion ? [{ code: coupon.code as string, promotion }] : []
  })
  const refused = resolveStacking({
    coupons: entries,
    nativeCodes: input.native_codes ?? [],
    maxCouponsPerCart: input.max_coupons_per_cart ?? null,
  })
  const [first] = refused.values()
  if (first) {
    throw couponRefusalError({ reason: first.reason, message: first.message, details: first.details })
  }
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
  const couponIds = input.coupons.map((entry) => entry.coupon_id)
  const { promotions, coupons } = await lockPromotionsAndCoupons(knex, couponIds, input.lock_timeout_ms)

  const { rows: existing } = await knex.raw(
    `SELECT ${REDEMPTION_COLUMNS} FROM coupon_redemption
      WHERE cart_id = ? AND coupon_id = ANY(?) AND state <> 'released' AND deleted_at IS NULL`,
    [input.cart_id, couponIds]
  )
  const existingByCoupon = new Map<string, RedemptionRow>(existing.map((row: RedemptionRow) => [row.coupon_id, row]))
  assertStackingUnderLock(input, promotions, coupons)
  const email = input.email?.trim().toLowerCase() || null

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
    // The customer's uses of this code and, for per_customer_scope "promotion", of the promotion: one read.
    const scoped = active?.per_customer_scope === "promotion"
    const counts = await countCustomerUses(knex, {
      coupon_ids: [entry.coupon_id],
      promotion_ids: scoped ? [active.id] : [],
      customer_id: input.customer_id,
      email,
      except_cart_id: input.cart_id,
    })
    const uses = counts.code_uses.get(entry.coupon_id) ?? 0
    const scopedUses = scoped ? counts.promotion_uses.get(active.id) ?? 0 : uses
    const cart = { ...input.cart, customer_id: entry.authenticated_customer_id }
    const decision = checkRedemption({
      promotion: active,
      coupon: coupon ?? null,
      cart,
      customerUsage: { uses: scopedUses, code_uses: uses, ...input.audience },
      amount: entry.amount,
      now: input.now,
    })
    if (!decision.ok) {
      throw couponRefusalError({ reason: decision.reason, message: decision.message, details: decision.details })
    }
    const bind = active!.coupon_type === "personal" && !coupon.customer_id && !!cart.customer_id
    const effect = recordUseEffect({
      promotion: active,
      coupon: couponCounters(coupon),
      customer_id: input.customer_id,
      customerUses: uses,
      amount: entry.amount,
      bindCustomer: bind,
    })
    const id = generateEntityId(undefined, "credeem")
    const { rows } = await knex.raw(
      `INSERT INTO coupon_redemption (id, coupon_id, promotion_id, customer_id, email, cart_id, amount, raw_amount,
              currency_code, state, counted_customer, assigned_coupon, reserved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?::numeric, ?::jsonb, ?, 'reserved', ?, ?, ?)
       RETURNING ${REDEMPTION_COLUMNS}`,
      [
        id,
        coupon.id,
        active.id,
        input.customer_id,
        email,
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
    await movePromotionTotals(knex, active, input.currency_code, entry.amount, 1)
    redemptions.push(rows[0])
    created.push(id)
  }
  return { redemptions, created_ids: created }
}
