import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { applyCartCouponsWorkflow } from "../../../../../workflows/cart-coupons/workflows/apply-cart-coupons"
import { requestCustomerId } from "../../cart-access"
import { clientIp } from "../../coupon-requests"
import { StoreApplyCartCouponType } from "./validators"

/** POST /store/carts/:id/coupons { code }: applies a coupon code; the discount shows as line-item adjustments. */
export const POST = async (req: MedusaRequest<StoreApplyCartCouponType>, res: MedusaResponse) => {
  await applyCartCouponsWorkflow(req.scope).run({
    input: {
      cart_id: req.params.id,
      codes: [req.validatedBody.code],
      client_ip: clientIp(req),
      customer_id: requestCustomerId(req),
    },
  })
  const cart = await refetchCart(req.params.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}
