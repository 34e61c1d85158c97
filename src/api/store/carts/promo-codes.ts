/**
 * Coupon codes in Medusa's own promo_codes, with Medusa's meaning (the official starters add and remove codes only
 * there, building the list from `cart.promotions`, where coupons are listed):
 * - `POST /store/carts/:id` with promo_codes: the cart's codes become exactly that set (coupons left out are taken
 *   off, new ones applied, native codes replaced by the rest);
 * - `POST /store/carts/:id/promotions` adds, `DELETE /store/carts/:id/promotions` removes;
 * - `POST /store/carts` with promo_codes applies coupons to the new cart.
 * These run after Medusa's body validation (route middlewares with `methods`), so they read `req.validatedBody`.
 * A list with a code that is neither a coupon nor a native promotion goes to Medusa untouched by coupons, and gets
 * Medusa's own "The promotion code X is invalid" (counted by the throttle like a refused coupon code).
 */
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { normalizeCode } from "../../../engine/codes"
import { couponService } from "../../../workflows/cart-coupons/cart-coupon-data"
import { applyCartCouponsWorkflow } from "../../../workflows/cart-coupons/workflows/apply-cart-coupons"
import { createCartWithCouponsWorkflow } from "../../../workflows/cart-coupons/workflows/create-cart-with-coupons"
import { removeCartCouponsWorkflow } from "../../../workflows/cart-coupons/workflows/remove-cart-coupons"
import { updateCartWithCouponsWorkflow } from "../../../workflows/cart-coupons/workflows/update-cart-with-coupons"
import { assertCouponCartAccess, requestCustomerId } from "./cart-access"
import { classifyPromoCodes, clientIp, recordUnknownCodes, sendIfThrottled } from "./coupon-requests"
import { answeringRefusals } from "./coupon-responses"

type PromoCodesBody = { promo_codes?: string[]; additional_data?: Record<string, unknown> } & Record<string, unknown>

function body(req: MedusaRequest): PromoCodesBody {
  return (req.validatedBody ?? {}) as PromoCodesBody
}

function promoCodes(req: MedusaRequest): string[] {
  const codes = body(req).promo_codes
  return Array.isArray(codes) ? codes : []
}

/** Codes the cart holds now, stored form. */
async function heldCodes(req: MedusaRequest, cartId: string): Promise<string[]> {
  const rows = await couponService(req.scope).listCouponCartCodes({ cart_id: cartId }, { select: ["code"] })
  return rows.map((row: { code: string }) => row.code)
}

/**
 * Shared checks once coupons are involved: the cart's owner (a customer account's cart needs that login), then the
 * throttle. Unknown codes are counted and handed to Medusa, which refuses the whole list. Returns false when the
 * request was answered or passed on.
 */
async function admitCouponCodes(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction,
  split: { coupon: string[]; unknown: string[] },
  cartId?: string
): Promise<boolean> {
  if (cartId) {
    await assertCouponCartAccess(req, cartId)
  }
  if ((split.coupon.length || split.unknown.length) && (await sendIfThrottled(req, res))) {
    return false
  }
  if (split.unknown.length) {
    await recordUnknownCodes(req, split.unknown)
    const coupons = new Set(split.coupon)
    body(req).promo_codes = promoCodes(req).filter((code) => !coupons.has(code))
    next()
    return false
  }
  return true
}

/** POST /store/carts/:id/promotions: coupons (and the native codes sent with them) are added here, in one go. */
export async function applyCouponsOnPromotionsRoute(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const codes = promoCodes(req)
  const split = codes.length ? await classifyPromoCodes(req, codes) : null
  if (!split || (!split.coupon.length && !split.unknown.length)) {
    // Native codes only: checked here when the cart holds coupons (one may not combine with native promotions).
    if (!split?.native.length || !(await heldCodes(req, req.params.id)).length) {
      return next()
    }
  }
  if (!(await admitCouponCodes(req, res, next, split, req.params.id))) {
    return
  }
  // Answered here: left to Medusa, a list emptied of coupon codes would become a REPLACE [] that drops native codes.
  await answeringRefusals(req, res, async () => {
    await applyCartCouponsWorkflow(req.scope).run({
      input: {
        cart_id: req.params.id,
        codes: split.coupon,
        promo_codes: split.native,
        refusal_style: "promotion",
        client_ip: clientIp(req),
        customer_id: requestCustomerId(req),
      },
    })
    res.status(200).json({ cart: await refetchCart(req.params.id, req.scope, req.queryConfig.fields) })
  })
}

/**
 * POST /store/carts/:id with promo_codes, when coupons are involved (sent, or held by the cart): the whole update runs
 * in updateCartWithCouponsWorkflow, so a refused coupon leaves the cart as it was.
 */
export async function applyCouponsOnCartUpdate(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (!Array.isArray(body(req).promo_codes)) {
    return next()
  }
  const cartId = req.params.id
  const codes = promoCodes(req)
  const [split, held] = await Promise.all([
    codes.length ? classifyPromoCodes(req, codes) : { coupon: [], native: [], unknown: [] },
    heldCodes(req, cartId),
  ])
  if (!split.coupon.length && !split.unknown.length && !held.length) {
    return next()
  }
  if (!(await admitCouponCodes(req, res, next, split, cartId))) {
    return
  }
  const wanted = new Set(split.coupon.map((code) => normalizeCode(code)))
  const { additional_data, ...update } = body(req)
  await answeringRefusals(req, res, async () => {
    await updateCartWithCouponsWorkflow(req.scope).run({
      input: {
        cart_id: cartId,
        add: split.coupon.filter((code) => !held.includes(normalizeCode(code))),
        remove: held.filter((code) => !wanted.has(code)),
        update: { ...update, promo_codes: split.native, additional_data },
        customer_id: requestCustomerId(req),
        client_ip: clientIp(req),
      },
    })
    res.status(200).json({ cart: await refetchCart(cartId, req.scope, req.queryConfig.fields) })
  })
}

/** POST /store/carts with coupon codes in promo_codes: the cart is created and the coupons applied, or neither. */
export async function applyCouponsOnCartCreate(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const codes = promoCodes(req)
  const split = codes.length ? await classifyPromoCodes(req, codes) : null
  if (!split || !split.coupon.length) {
    return next()
  }
  if (!(await admitCouponCodes(req, res, next, split))) {
    return
  }
  const customerId = requestCustomerId(req)
  await answeringRefusals(req, res, async () => {
    const { result } = await createCartWithCouponsWorkflow(req.scope).run({
      input: {
        cart: { ...body(req), promo_codes: split.native, customer_id: customerId ?? undefined } as any,
        codes: split.coupon,
        customer_id: customerId,
        client_ip: clientIp(req),
      },
    })
    res.status(200).json({ cart: await refetchCart(result.id, req.scope, req.queryConfig.fields) })
  })
}

/** DELETE /store/carts/:id/promotions: Medusa silently ignores coupon codes there; take them off the cart. */
export async function removeCouponsOnPromotionsRoute(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const codes = promoCodes(req)
  if (!codes.length) {
    return next()
  }
  const { coupon, unknown } = await classifyPromoCodes(req, codes)
  if (coupon.length || unknown.length) {
    await assertCouponCartAccess(req, req.params.id)
  }
  if (!coupon.length) {
    return next()
  }
  await removeCartCouponsWorkflow(req.scope).run({
    input: {
      cart_id: req.params.id,
      codes: coupon,
      promo_codes: codes.filter((code) => !coupon.includes(code)),
    },
  })
  res.status(200).json({ cart: await refetchCart(req.params.id, req.scope, req.queryConfig.fields) })
}
