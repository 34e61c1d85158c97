/**
 * Coupon codes typed into Medusa's own promo_codes (the Next.js starter sends them there). These run after Medusa's
 * body validation (route middlewares with `methods`), so they read and rewrite `req.validatedBody.promo_codes`.
 * Medusa would reject any code that is not one of its promotions ("The promotion code X is invalid"); coupon codes
 * are taken out and applied by the plugin. Codes that are neither still reach Medusa and get its own error, and
 * count towards the throttle like refused coupon codes.
 */
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { applyCartCouponsWorkflow } from "../../../workflows/cart-coupons/workflows/apply-cart-coupons"
import { removeCartCouponsWorkflow } from "../../../workflows/cart-coupons/workflows/remove-cart-coupons"
import { assertCouponCartAccess, requestCustomerId } from "./cart-access"
import { classifyPromoCodes, clientIp, recordUnknownCodes, sendIfThrottled } from "./coupon-requests"

type PromoCodesBody = { promo_codes?: string[] }

function promoCodes(req: MedusaRequest): string[] {
  const codes = (req.validatedBody as PromoCodesBody | undefined)?.promo_codes
  return Array.isArray(codes) ? codes : []
}

/**
 * Shared by both POST paths: throttle, then either hand unknown codes to Medusa (with the coupon codes taken out, so
 * nothing is half-applied) or return the coupon / native split for the caller to apply.
 */
async function splitForApply(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const codes = promoCodes(req)
  if (!codes.length) {
    next()
    return null
  }
  const { coupon, native, unknown } = await classifyPromoCodes(req, codes)
  if (!coupon.length && !unknown.length) {
    next()
    return null
  }
  // Unknown codes too: were they handed to Medusa here, a coupon code would answer otherwise than an unknown one.
  await assertCouponCartAccess(req, req.params.id)
  if (await sendIfThrottled(req, res)) {
    return null
  }
  if (unknown.length) {
    await recordUnknownCodes(req, unknown)
    ;(req.validatedBody as PromoCodesBody).promo_codes = codes.filter((code) => !coupon.includes(code))
    next()
    return null
  }
  return { coupon, native }
}

/** POST /store/carts/:id/promotions: coupons (and the native codes sent with them) are applied here, in one go. */
export async function applyCouponsOnPromotionsRoute(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const split = await splitForApply(req, res, next)
  if (!split) {
    return
  }
  // Answered here: left to Medusa, a list emptied of coupon codes would become a REPLACE [] that drops native codes.
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
  const cart = await refetchCart(req.params.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}

/**
 * POST /store/carts/:id: coupons are recorded here, then Medusa's cart update runs with the native codes only (its
 * refresh computes the coupon discount). promo_codes REPLACE the cart's native codes, and storefronts build that
 * list from cart.promotions, where coupons never appear: a list of coupon codes only must not clear native ones,
 * so the key is dropped then.
 */
export async function applyCouponsOnCartUpdate(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const split = await splitForApply(req, res, next)
  if (!split) {
    return
  }
  await applyCartCouponsWorkflow(req.scope).run({
    input: {
      cart_id: req.params.id,
      codes: split.coupon,
      refresh: false,
      refusal_style: "promotion",
      client_ip: clientIp(req),
      customer_id: requestCustomerId(req),
    },
  })
  const body = req.validatedBody as PromoCodesBody
  const remaining = promoCodes(req).filter((code) => !split.coupon.includes(code))
  if (remaining.length) {
    body.promo_codes = remaining
  } else {
    delete body.promo_codes
  }
  next()
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
  const cart = await refetchCart(req.params.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}
