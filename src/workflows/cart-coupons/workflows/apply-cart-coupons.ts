import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { attachCartCouponsStep, AttachCartCouponsStepInput } from "../steps/attach-cart-coupons-step"

export type ApplyCartCouponsWorkflowInput = AttachCartCouponsStepInput & {
  /** Native Medusa promotion codes sent in the same request; added the way POST /store/carts/:id/promotions adds. */
  promo_codes?: string[]
  /** false: only record the codes; the caller's own cart workflow refreshes the cart (POST /store/carts/:id). */
  refresh?: boolean
}

export const applyCartCouponsWorkflowId = "apply-cart-coupons"

/**
 * Applies coupon codes (and optionally native codes) to a cart: checks and records the codes, then runs Medusa's
 * updateCartPromotionsWorkflow, whose setPromotionContext hook writes the discount. If anything fails (an unknown
 * native code, a cart lock timeout), the recorded codes are taken back.
 */
export const applyCartCouponsWorkflow = createWorkflow(
  applyCartCouponsWorkflowId,
  (input: ApplyCartCouponsWorkflowInput) => {
    const attached = attachCartCouponsStep(
      transform({ input }, ({ input }) => ({
        ...input,
        native_codes: input.native_codes ?? { mode: "add" as const, codes: input.promo_codes ?? [] },
      }))
    )
    when("refresh-cart-promotions", { input }, ({ input }) => input.refresh !== false).then(() => {
      const promotionsInput = transform({ input }, ({ input }) => ({
        cart_id: input.cart_id,
        promo_codes: input.promo_codes ?? [],
        // ADD, never REPLACE: an empty REPLACE would take the cart's native promotions off.
        action: PromotionActions.ADD,
        force_refresh_payment_collection: true,
      }))
      updateCartPromotionsWorkflow.runAsStep({ input: promotionsInput })
    })
    return new WorkflowResponse(attached)
  }
)
