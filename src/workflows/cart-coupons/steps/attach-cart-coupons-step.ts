import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { normalizeCode } from "../../../engine/codes"
import type { MedusaContainer } from "@medusajs/framework/types"
import { checkCouponEligibility } from "../../../engine/eligibility"
import { checkCouponStacking, checkNativeStacking } from "../../../engine/stacking"
import { parseDecimal } from "../../../engine/money"
import { now } from "../../../lib/clock"
import { couponRefusalError } from "../../../lib/coupon-refusal-error"
import {
  AppliedCoupon,
  attachCouponRows,
  authenticatedCartCustomerId,
  CouponCartLike,
  couponService,
  listCartCodeRows,
  nativeCodesOnCart,
  needsProductData,
  fetchCouponCart,
  findCouponsByCode,
  toEngineCart,
} from "../cart-coupon-data"
import { customerUsageByCoupon } from "../customer-usage"

export type AttachCartCouponsStepInput = {
  cart_id: string
  /** As typed by the shopper; matched normalized. */
  codes: string[]
  /**
   * "promotion" when the codes came through Medusa's promo_codes: an unusable-for-anyone code then gets Medusa's own
   * "The promotion code X is invalid", exactly what an unknown code gets there, so neither path tells them apart.
   */
  refusal_style?: "coupon" | "promotion"
  /** Counted with the cart id by the brute-force throttle when a code is refused. */
  client_ip?: string | null
  /**
   * The customer the request is authenticated as (its customer actor), or null for a guest. Only this proves who is
   * asking: a personal coupon applies only for its owner, and only on a cart that is theirs. Also a throttle key.
   * Server code that applies codes on a shopper's behalf passes the customer it has authenticated itself.
   */
  customer_id?: string | null
  /**
   * The native promotion codes the same request sends (stacking, combinable_with_native): "add" (POST
   * /store/carts/:id/promotions) or "replace" (promo_codes of POST /store/carts/:id). Coupons are checked against the
   * native codes the cart already has and keeps; native codes new to the cart against every coupon it will hold.
   */
  native_codes?: { mode: "add" | "replace"; codes: string[] }
}

export type AttachedCartCoupon = { id: string; code: string; coupon_id: string; promotion_id: string }

type Compensation = { created_ids: string[]; replaced_ids: string[] }

export const attachCartCouponsStepId = "attach-cart-coupons"

/**
 * Stacking at apply time: each new coupon, in the order sent, against the coupons the cart keeps (a code of the same
 * promotion replaces its sibling) and the native codes it keeps; then native codes new to the cart against every
 * coupon. The later code is refused (coupon_not_combinable / coupon_too_many) and nothing is written.
 */
async function assertStacking(
  container: MedusaContainer,
  cart: CouponCartLike,
  existing: AppliedCoupon["row"][],
  accepted: { code: string; promotion_id: string; promotion: any }[],
  native: AttachCartCouponsStepInput["native_codes"]
) {
  const held = (await attachCouponRows(container, existing)).map(({ row, promotion }) => ({
    code: row.code,
    promotion: promotion ?? { id: row.promotion_id },
  }))
  const onCart = nativeCodesOnCart(cart)
  const sent = native?.codes ?? []
  const kept = native?.mode === "replace" ? onCart.filter((code) => sent.includes(code)) : onCart
  const added = sent.filter((code) => !onCart.includes(code))
  const maxCouponsPerCart = couponService(container).getOptions().maxCouponsPerCart
  const holding = [...held]
  for (const coupon of accepted) {
    if (holding.some((entry) => entry.code === coupon.code)) {
      continue
    }
    const refusal = checkCouponStacking({ candidate: coupon.promotion, held: holding, nativeCodes: kept, maxCouponsPerCart })
    if (refusal) {
      throw couponRefusalError({ reason: refusal.reason, message: refusal.message, details: refusal.details })
    }
    const sibling = holding.findIndex((entry) => entry.promotion.id === coupon.promotion_id)
    if (sibling >= 0) {
      holding.splice(sibling, 1)
    }
    holding.push({ code: coupon.code, promotion: coupon.promotion })
  }
  const nativeRefusal = checkNativeStacking({ held: holding, newNativeCodes: added })
  if (nativeRefusal) {
    throw couponRefusalError({ reason: nativeRefusal.reason, message: nativeRefusal.message, details: nativeRefusal.details })
  }
}

/**
 * Checks every code against the cart with the engine and records the usable ones in coupon_cart_code. The first
 * refusal stops the request with the engine's shopper-facing message (and counts towards the throttle). One code
 * per promotion: a second code of the same promotion replaces the first. Re-applying a code is a no-op.
 */
export const attachCartCouponsStep = createStep(
  attachCartCouponsStepId,
  async (input: AttachCartCouponsStepInput, { container }) => {
    const service = couponService(container)
    // The codes the cart holds (oldest first): for stacking, and for what to create or replace.
    const [coupons, existing] = await Promise.all([
      findCouponsByCode(container, input.codes),
      listCartCodeRows(container, input.cart_id),
    ])
    const promotions = Array.from(coupons.values()).map((coupon) => coupon.promotion)
    const cart = await fetchCouponCart(container, input.cart_id, {
      // Line subtotals only matter for a minimum purchase; computing cart totals is the costly part of the read.
      totals: promotions.some((promotion) => parseDecimal(promotion?.min_purchase ?? 0).units > BigInt(0)),
      // Collections and categories only for a promotion that targets or excludes them.
      products: needsProductData(promotions.map((promotion) => ({ promotion }))),
      // Native codes on shipping only matter when native codes are sent or a code does not combine with them.
      shipping: !!input.native_codes?.codes.length || promotions.some((promotion) => promotion?.combinable_with_native === false),
      customer: false,
    })
    const identity = authenticatedCartCustomerId(cart, input.customer_id)
    const [engineCart, usage] = await Promise.all([
      toEngineCart(container, cart, {
        needsCategories: promotions.some((promotion) => (promotion?.target_category_ids?.length ?? 0) > 0),
        customer_id: identity,
      }),
      customerUsageByCoupon(
        container,
        cart,
        Array.from(coupons.values()).map((coupon) => ({ coupon_id: coupon.id, promotion: coupon.promotion }))
      ),
    ])
    const at = now()
    const accepted = new Map<string, any>()
    for (const raw of input.codes) {
      const coupon = coupons.get(normalizeCode(raw)) ?? null
      const promotion = coupon?.promotion ?? null
      const eligibility = checkCouponEligibility({
        promotion,
        coupon,
        cart: engineCart,
        customerUsage: (coupon && usage.get(coupon.id)) ?? { uses: 0 },
        now: at,
      })
      if (!eligibility.ok) {
        await service.recordCouponFailure({
          cart_id: input.cart_id,
          client_ip: input.client_ip ?? null,
          customer_id: input.customer_id ?? null,
          code: raw,
        })
        if (input.refusal_style === "promotion" && eligibility.reason === "invalid_code") {
          // Exactly Medusa's answer for an unknown code on that path: no machine code, nothing to tell them apart.
          throw new MedusaError(MedusaError.Types.INVALID_DATA, `The promotion code ${raw} is invalid`)
        }
        throw couponRefusalError({ reason: eligibility.reason, message: eligibility.message, details: eligibility.details })
      }
      accepted.set(coupon.id, coupon)
    }

    await assertStacking(container, cart, existing, Array.from(accepted.values()), input.native_codes)

    const heldCoupons = new Set(existing.map((row) => row.coupon_id))
    const toCreate = Array.from(accepted.values()).filter((coupon) => !heldCoupons.has(coupon.id))
    const newPromotions = new Set(toCreate.map((coupon) => coupon.promotion_id))
    const replaced = existing.filter((row) => newPromotions.has(row.promotion_id)).map((row) => row.id)
    if (replaced.length) {
      await service.softDeleteCouponCartCodes(replaced)
    }
    const created = toCreate.length
      ? await service.createCouponCartCodes(
          toCreate.map((coupon) => ({
            cart_id: input.cart_id,
            coupon_id: coupon.id,
            promotion_id: coupon.promotion_id,
            code: coupon.code,
            customer_id: identity,
          }))
        )
      : []
    const attached: AttachedCartCoupon[] = [
      ...existing.filter((row) => accepted.has(row.coupon_id)),
      ...created,
    ].map((row) => ({ id: row.id, code: row.code, coupon_id: row.coupon_id, promotion_id: row.promotion_id }))
    return new StepResponse<AttachedCartCoupon[], Compensation>(attached, {
      created_ids: created.map((row) => row.id),
      replaced_ids: replaced,
    })
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const service = couponService(container)
    if (compensation.created_ids.length) {
      await service.deleteCouponCartCodes(compensation.created_ids)
    }
    if (compensation.replaced_ids.length) {
      await service.restoreCouponCartCodes(compensation.replaced_ids)
    }
  }
)
