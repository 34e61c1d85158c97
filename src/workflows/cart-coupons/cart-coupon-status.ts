/**
 * What each code held by a cart does right now: "applied" (its adjustments discount the cart) or "waiting" (held
 * with no discount, and why: below the minimum, not started yet, …). Read for cart responses (cart.promotions) and
 * GET /store/carts/:id/coupons; the discount itself is only ever written by the refresh (refresh-cart-coupons.ts).
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { remainingBalance } from "../../engine/discount"
import { checkCouponEligibility } from "../../engine/eligibility"
import { promotionInCurrency } from "../../engine/currency-amounts"
import { currencyPrecision, parseDecimal, compareDecimals } from "../../engine/money"
import { sumAmounts } from "../../engine/redemption"
import { resolveStacking } from "../../engine/stacking"
import { now } from "../../lib/clock"
import {
  AppliedCoupon,
  authenticatedCartCustomerId,
  couponAdjustmentDescription,
  couponService,
  nativeCodesOnCart,
  fetchCouponCart,
  listAppliedCoupons,
  needsCategories,
  pluginAdjustments,
  toEngineCart,
} from "./cart-coupon-data"
import { customerUsageByCoupon } from "./customer-usage"
import type { CouponRefusalPayload } from "../../lib/coupon-refusal-error"

export type CartCouponStatus = {
  coupon_id: string
  code: string
  promotion_id: string
  /** The promotion's custom ID, as templates and storefronts name it. */
  promotion_custom_id: string | null
  promotion_name: string | null
  discount_type: "fixed" | "percentage"
  /** Percent, or the fixed amount in the main unit of `currency_code`; for a personal balance: what is left. */
  value: number
  currency_code: string
  state: "applied" | "waiting"
  /** Pre-tax discount the code gives the cart now, in the cart's currency. */
  discount_amount: number
  /** Why a waiting code gives nothing; null when applied, or when other discounts already cover its lines. */
  refusal: CouponRefusalPayload | null
}

/** The statuses of every code the cart holds, oldest first; [] for a cart without codes (one indexed query). */
export async function describeCartCoupons(container: MedusaContainer, cartId: string): Promise<CartCouponStatus[]> {
  const applied = (await listAppliedCoupons(container, cartId)).filter(
    (entry): entry is AppliedCoupon & { coupon: NonNullable<AppliedCoupon["coupon"]>; promotion: NonNullable<AppliedCoupon["promotion"]> } =>
      !!entry.coupon && !!entry.promotion
  )
  if (!applied.length) {
    return []
  }
  const cart = await fetchCouponCart(container, cartId, { totals: false })
  const amounts = new Map<string, string[]>()
  for (const adjustment of pluginAdjustments(cart)) {
    const key = adjustment.description ?? ""
    amounts.set(key, [...(amounts.get(key) ?? []), String(adjustment.amount)])
  }
  const statuses = applied.map(({ row, coupon, promotion: stored }) => {
    // Shown in the cart's currency when the promotion holds amounts in it (issue 17), else in its own.
    const promotion = promotionInCurrency(stored, cart.currency_code) ?? stored
    const discount = sumAmounts(amounts.get(couponAdjustmentDescription(row.code)) ?? [])
    const precision = currencyPrecision(promotion.currency_code ?? cart.currency_code)
    const balance = remainingBalance(promotion, coupon, precision)
    const status: CartCouponStatus = {
      coupon_id: coupon.id,
      code: row.code,
      promotion_id: promotion.id,
      promotion_custom_id: promotion.custom_id ?? null,
      promotion_name: (promotion as { name?: string }).name ?? null,
      discount_type: promotion.discount_type === "fixed" ? "fixed" : "percentage",
      value: balance ?? Number(promotion.discount_value),
      currency_code: (promotion.currency_code ?? cart.currency_code).toLowerCase(),
      state: compareDecimals(parseDecimal(discount), parseDecimal(0)) > 0 ? "applied" : "waiting",
      discount_amount: Number(discount),
      refusal: null,
    }
    return status
  })
  const waiting = applied.filter((_, index) => statuses[index].state === "waiting")
  if (waiting.length) {
    await explainWaiting(container, cartId, applied, waiting, statuses)
  }
  return statuses
}

/** Runs the engine's checks for the waiting codes, on the cart with its line totals (the costly read, so only here). */
async function explainWaiting(
  container: MedusaContainer,
  cartId: string,
  applied: AppliedCoupon[],
  waiting: AppliedCoupon[],
  statuses: CartCouponStatus[]
) {
  const cart = await fetchCouponCart(container, cartId, { totals: true })
  const yielding = resolveStacking({
    coupons: applied.map(({ row, promotion }) => ({ code: row.code, promotion: promotion ?? { id: row.promotion_id } })),
    nativeCodes: nativeCodesOnCart(cart),
    maxCouponsPerCart: couponService(container).getOptions().maxCouponsPerCart,
  })
  const engineCart = await toEngineCart(container, cart, { needsCategories: needsCategories(waiting) })
  const usage = await customerUsageByCoupon(
    container,
    cart,
    waiting.map(({ row, promotion }) => ({ coupon_id: row.coupon_id, promotion }))
  )
  const at = now()
  for (const { row, coupon, promotion } of waiting) {
    const eligibility = checkCouponEligibility({
      promotion,
      coupon,
      cart: { ...engineCart, customer_id: authenticatedCartCustomerId(cart, row.customer_id) },
      customerUsage: usage.get(row.coupon_id) ?? { uses: 0 },
      now: at,
    })
    const status = statuses.find((entry) => entry.coupon_id === row.coupon_id)
    const stacking = yielding.get(applied.findIndex((entry) => entry.row.id === row.id))
    const refusal = !eligibility.ok ? eligibility : stacking
    if (status && refusal) {
      status.refusal = { reason: refusal.reason, message: refusal.message, details: refusal.details }
    }
  }
}
