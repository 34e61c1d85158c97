import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { removeCartCouponsWorkflow } from "../../../../../../workflows/cart-coupons/workflows/remove-cart-coupons"

/** DELETE /store/carts/:id/coupons/:code: takes the code off the cart (a code not on it is ignored). */
export const DELETE = async (req: MedusaRequest, res: MedusaResponse) => {
  await removeCartCouponsWorkflow(req.scope).run({
    input: { cart_id: req.params.id, codes: [decodeURIComponent(req.params.code)] },
  })
  const cart = await refetchCart(req.params.id, req.scope, req.queryConfig.fields)
  res.status(200).json({ cart })
}
