import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { describeCartCoupons } from "../../../../../workflows/cart-coupons/cart-coupon-status"
import { applyCartCouponsWorkflow } from "../../../../../workflows/cart-coupons/workflows/apply-cart-coupons"
import { requestCustomerId } from "../../cart-access"
import { clientIp } from "../../coupon-requests"
import { answeringRefusals, couponAsStorePromotion, shopperLocale } from "../../coupon-responses"
import { StoreApplyCartCouponType } from "./validators"

/** POST /store/carts/:id/coupons { code }: applies a coupon code; the discount shows as line-item adjustments. */
export const POST = async (req: MedusaRequest<StoreApplyCartCouponType>, res: MedusaResponse) => {
  await answeringRefusals(req, res, async () => {
    await applyCartCouponsWorkflow(req.scope).run({
      input: {
        cart_id: req.params.id,
        codes: [req.validatedBody.code],
        client_ip: clientIp(req),
        customer_id: requestCustomerId(req),
      },
    })
    res.status(200).json({ cart: await refetchCart(req.params.id, req.scope, req.queryConfig.fields) })
  })
}

/**
 * GET /store/carts/:id/coupons: the codes the cart holds, each `applied` (with the discount it gives) or `waiting`
 * (held without a discount, with the machine-readable reason and what to do about it).
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const cart = (await refetchCart(req.params.id, req.scope, ["id", "locale", "currency_code"])) as {
    id: string
    locale?: string | null
    currency_code: string
  }
  const statuses = await describeCartCoupons(req.scope, cart.id)
  const locale = shopperLocale(req, cart.locale)
  res.json({
    coupons: statuses.map((status) => {
      const promotion = couponAsStorePromotion(req, status, locale)
      return {
        code: status.code,
        state: status.state,
        discount_amount: status.discount_amount,
        currency_code: cart.currency_code,
        application_method: promotion.application_method,
        promotion: { id: status.promotion_custom_id, name: status.promotion_name },
        ...(promotion.coupon.reason ? { reason: promotion.coupon.reason } : {}),
      }
    }),
  })
}
