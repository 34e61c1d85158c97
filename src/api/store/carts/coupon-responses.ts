/**
 * How coupons look to a storefront: listed in `cart.promotions` like native codes (the official starters list and
 * remove codes only from there), refusals with a machine code, details and a message in the shopper's language.
 */
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { describeRefusal, CouponRefusal } from "../../../engine/refusals"
import { couponService } from "../../../workflows/cart-coupons/cart-coupon-data"
import { CartCouponStatus, describeCartCoupons } from "../../../workflows/cart-coupons/cart-coupon-status"
import { CouponRefusalPayload, readCouponRefusal } from "../../../lib/coupon-refusal-error"

/**
 * The shopper's language: Medusa's own request locale (`?locale=` or the `x-medusa-locale` header the starters
 * send), else the cart's `locale`, else the first `Accept-Language` tag.
 */
export function shopperLocale(req: MedusaRequest, cartLocale?: string | null): string | null {
  const requested = (req as MedusaRequest & { locale?: string }).locale
  if (requested) {
    return requested
  }
  if (cartLocale) {
    return cartLocale
  }
  const header = req.get?.("accept-language")
  const first = header?.split(",")[0]?.split(";")[0]?.trim()
  return first && first !== "*" ? first : null
}

async function cartLocale(req: MedusaRequest, cartId: string | undefined): Promise<string | null> {
  if (!cartId) {
    return null
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: ["locale"], filters: { id: cartId } })
  return (data[0] as { locale?: string | null } | undefined)?.locale ?? null
}

export function wordRefusal(req: MedusaRequest, refusal: CouponRefusalPayload, locale: string | null): CouponRefusal {
  return describeRefusal(refusal, { locale, overrides: couponService(req.scope).getOptions().messages })
}

/**
 * Answers a refused coupon code: 400 `{ type: "not_allowed", code, message, details? }`, the message in the
 * shopper's language. Any other error is rethrown for Medusa's error handler.
 */
export async function sendCouponRefusal(req: MedusaRequest, res: MedusaResponse, error: unknown, cartId?: string) {
  const refusal = readCouponRefusal(error)
  if (!refusal) {
    throw error
  }
  const locale = (req as MedusaRequest & { locale?: string }).locale
    ? shopperLocale(req)
    : shopperLocale(req, await cartLocale(req, cartId ?? req.params?.id))
  const worded = wordRefusal(req, refusal, locale)
  res.status(400).json({ type: "not_allowed", ...worded })
}

/** Runs a store action whose coupon refusals are answered by sendCouponRefusal. */
export async function answeringRefusals(
  req: MedusaRequest,
  res: MedusaResponse,
  action: () => Promise<void>,
  cartId?: string
) {
  try {
    await action()
  } catch (error) {
    await sendCouponRefusal(req, res, error, cartId)
  }
}

/** A held coupon in the StorePromotion shape the starters render, plus the documented `coupon` block. */
export function couponAsStorePromotion(req: MedusaRequest, status: CartCouponStatus, locale: string | null) {
  const refusal = status.refusal ? wordRefusal(req, status.refusal, locale) : null
  return {
    id: status.coupon_id,
    code: status.code,
    is_automatic: false,
    is_tax_inclusive: false,
    application_method: {
      type: status.discount_type,
      value: status.value,
      currency_code: status.currency_code,
    },
    coupon: {
      state: status.state,
      discount_amount: status.discount_amount,
      promotion_id: status.promotion_custom_id,
      promotion_name: status.promotion_name,
      ...(refusal ? { reason: refusal } : {}),
    },
  }
}

/**
 * Store cart responses: every code the cart holds joins `cart.promotions`, whenever the answer carries that key
 * (Medusa's default fields, `*promotions`, `+promotions`). Wraps `res.json`, so it works for Medusa's handlers and
 * the plugin's own alike; a failure to read the coupons leaves the answer as Medusa made it (and is logged).
 */
export function listCouponsInCartPromotions(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const json = res.json.bind(res)
  res.json = ((body: any) => {
    const cart = body?.cart
    if (res.statusCode >= 400 || !cart?.id || !Array.isArray(cart.promotions)) {
      return json(body)
    }
    describeCartCoupons(req.scope, cart.id)
      .then((statuses) => {
        if (statuses.length) {
          const locale = shopperLocale(req, cart.locale)
          const held = new Set(statuses.map((status) => status.code))
          cart.promotions = [
            ...cart.promotions.filter((promotion: { code?: string }) => !held.has(promotion?.code ?? "")),
            ...statuses.map((status) => couponAsStorePromotion(req, status, locale)),
          ]
        }
        json(body)
      })
      .catch((error) => {
        req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`coupon-batches: cart.promotions left as is: ${error}`)
        json(body)
      })
    return res
  }) as MedusaResponse["json"]
  next()
}
