import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { detachCartCouponsStep } from "../steps/detach-cart-coupons-step"

export type RemoveCartCouponsWorkflowInput = {
  cart_id: string
  codes: string[]
  /** Native codes removed in the same request (DELETE /store/carts/:id/promotions with a mixed list). */
  promo_codes?: string[]
}

export const removeCartCouponsWorkflowId = "remove-cart-coupons"

/** Takes coupon codes (and optionally native codes) off a cart and recomputes its promotions. */
export const removeCartCouponsWorkflow = createWorkflow(
  removeCartCouponsWorkflowId,
  (input: RemoveCartCouponsWorkflowInput) => {
    const detached = detachCartCouponsStep({ cart_id: input.cart_id, codes: input.codes })
    const promotionsInput = transform({ input }, ({ input }) => ({
      cart_id: input.cart_id,
      promo_codes: input.promo_codes ?? [],
      // ADD [] recomputes without touching native promotions; REMOVE only when native codes go too.
      action: input.promo_codes?.length ? PromotionActions.REMOVE : PromotionActions.ADD,
      force_refresh_payment_collection: true,
    }))
    updateCartPromotionsWorkflow.runAsStep({ input: promotionsInput })
    return new WorkflowResponse(detached)
  }
)
