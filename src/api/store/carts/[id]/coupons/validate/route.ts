import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { remainingBalance } from "../../../../../../engine/discount"
import { currencyPrecision } from "../../../../../../engine/money"
import { promotionInCurrency } from "../../../../../../engine/currency-amounts"
import { couponService } from "../../../../../../workflows/cart-coupons/cart-coupon-data"
import { couponRefusalError } from "../../../../../../lib/coupon-refusal-error"
import { previewCartCoupon } from "../../../../../../workflows/cart-coupons/preview-cart-coupon"
import { requestCustomerId } from "../../../cart-access"
import { throttleKey } from "../../../coupon-requests"
import { sendCouponRefusal } from "../../../coupon-responses"
import { StoreApplyCartCouponType } from "../validators"

/**
 * POST /store/carts/:id/coupons/validate { code }: what applying the code would do, writing nothing to the cart.
 * 200 `{ code, valid: true, discount: { amount, currency_code, lines }, application_method, replaces }`, or the same
 * refusal applying it would get (and it counts towards the throttle like one).
 */
export const POST = async (req: MedusaRequest<StoreApplyCartCouponType>, res: MedusaResponse) => {
  const preview = await previewCartCoupon(req.scope, {
    cart_id: req.params.id,
    code: req.validatedBody.code,
    customer_id: requestCustomerId(req),
  })
  if (!preview.ok) {
    await couponService(req.scope).recordCouponFailure({ ...throttleKey(req), code: req.validatedBody.code })
    await sendCouponRefusal(req, res, couponRefusalError(preview.refusal))
    return
  }
  const { coupon } = preview
  // The amounts of the cart's currency (issue 17), which the preview accepted.
  const promotion = promotionInCurrency(preview.promotion, preview.currency_code) ?? preview.promotion
  const balance = remainingBalance(promotion, coupon, currencyPrecision(promotion.currency_code ?? preview.currency_code))
  res.json({
    code: coupon.code,
    valid: true,
    discount: { amount: preview.amount, currency_code: preview.currency_code, lines: preview.lines },
    application_method: {
      type: promotion.discount_type === "fixed" ? "fixed" : "percentage",
      value: balance ?? Number(promotion.discount_value),
      currency_code: (promotion.currency_code ?? preview.currency_code).toLowerCase(),
    },
    replaces: preview.replaces,
  })
}
