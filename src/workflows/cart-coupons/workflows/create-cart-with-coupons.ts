import type { CreateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { PromotionActions } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCartWorkflow, updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { attachCartCouponsStep } from "../steps/attach-cart-coupons-step"

export type CreateCartWithCouponsWorkflowInput = {
  /** Medusa's own cart creation (POST /store/carts body), `promo_codes` holding the native codes only. */
  cart: CreateCartWorkflowInputDTO & Record<string, unknown>
  /** Coupon codes sent in promo_codes. */
  codes: string[]
  customer_id?: string | null
  client_ip?: string | null
}

export const createCartWithCouponsWorkflowId = "create-cart-with-coupons"

/**
 * POST /store/carts with coupon codes in promo_codes: Medusa creates the cart with the native codes, then the coupons
 * are checked on it and applied. A refused coupon undoes the creation (Medusa's createCartWorkflow deletes the cart in
 * its compensation), as an invalid native code at creation would.
 */
export const createCartWithCouponsWorkflow = createWorkflow(
  createCartWithCouponsWorkflowId,
  (input: CreateCartWithCouponsWorkflowInput) => {
    const cart = createCartWorkflow.runAsStep({ input: input.cart })
    attachCartCouponsStep(
      transform({ input, cart }, ({ input, cart }) => ({
        cart_id: cart.id,
        codes: input.codes,
        refusal_style: "promotion" as const,
        customer_id: input.customer_id ?? null,
        client_ip: input.client_ip ?? null,
      }))
    )
    updateCartPromotionsWorkflow.runAsStep({
      input: transform({ cart }, ({ cart }) => ({
        cart_id: cart.id,
        promo_codes: [],
        action: PromotionActions.ADD,
        force_refresh_payment_collection: true,
      })),
    })
    return new WorkflowResponse(transform({ cart }, ({ cart }) => ({ id: cart.id })))
  }
)
