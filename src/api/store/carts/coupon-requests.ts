import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { normalizeCode } from "../../../engine/codes"
import { clientAddress } from "../../../lib/client-address"
import { couponService, findCouponsByCode } from "../../../workflows/cart-coupons/cart-coupon-data"
import { requestCustomerId } from "./cart-access"

export const COUPON_THROTTLE_MESSAGE = "Too many invalid codes. Please try again later."

/** The client's address as the throttle counts it: the TCP peer, or what trusted proxies say (option trustedProxies). */
export function clientIp(req: MedusaRequest): string | null {
  return clientAddress(req, couponService(req.scope).getOptions().trustedProxies)
}

/** Everything a refused code is counted against: this cart, the client's address and the logged-in customer. */
export function throttleKey(req: MedusaRequest) {
  return { cart_id: req.params.id, client_ip: clientIp(req), customer_id: requestCustomerId(req) }
}

/**
 * Answers 429 with Retry-After when this cart, client address or logged-in customer has too many refused codes in
 * the window (plugin option `throttle`); true when it did. Counts live in Postgres, so every app instance enforces
 * the same limit.
 */
export async function sendIfThrottled(req: MedusaRequest, res: MedusaResponse): Promise<boolean> {
  const state = await couponService(req.scope).getCouponThrottle(throttleKey(req))
  if (!state.limited) {
    return false
  }
  res.setHeader("Retry-After", String(state.retry_after_seconds))
  res.status(429).json({ type: "too_many_requests", message: COUPON_THROTTLE_MESSAGE })
  return true
}

export async function couponThrottle(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (!(await sendIfThrottled(req, res))) {
    next()
  }
}

/**
 * Splits promo_codes as typed into coupon codes (in the coupon table, matched normalized), native Medusa promotion
 * codes (matched exactly, as Medusa does) and codes that are neither.
 */
export async function classifyPromoCodes(req: MedusaRequest, codes: string[]) {
  const coupons = await findCouponsByCode(req.scope, codes)
  const coupon = codes.filter((code) => coupons.has(normalizeCode(code)))
  const rest = codes.filter((code) => !coupons.has(normalizeCode(code)))
  let native: string[] = []
  if (rest.length) {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "promotion", fields: ["code"], filters: { code: rest } })
    const known = new Set((data as { code: string }[]).map((promotion) => promotion.code))
    native = rest.filter((code) => known.has(code))
  }
  const unknown = rest.filter((code) => !native.includes(code))
  return { coupon, native, unknown }
}

export async function recordUnknownCodes(req: MedusaRequest, codes: string[]) {
  const service = couponService(req.scope)
  for (const code of codes) {
    await service.recordCouponFailure({ ...throttleKey(req), code })
  }
}

/**
 * Medusa's default store cart fields leave out adjustment descriptions, which is where the coupon code shows
 * ("Coupon ABCD2345"); add them (and the provider, to tell coupon lines from others) whenever a cart is returned.
 */
export function showCouponAdjustments(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const fields = req.queryConfig?.fields
  if (Array.isArray(fields) && fields.some((field) => field.startsWith("items.adjustments"))) {
    const missing = ["items.adjustments.description", "items.adjustments.provider_id"].filter(
      (field) => !fields.includes(field)
    )
    req.queryConfig.fields = [...fields, ...missing]
  }
  next()
}
