import type { UpdateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartWorkflow } from "@medusajs/medusa/core-flows"
import { attachCartCouponsStep } from "../steps/attach-cart-coupons-step"
import { detachCartCouponsStep } from "../steps/detach-cart-coupons-step"

export type UpdateCartWithCouponsWorkflowInput = {
  cart_id: string
  /** Coupon codes to put on the cart (checked like any applied code; one refusal stops the whole update). */
  add: string[]
  /** Coupon codes to take off. */
  remove: string[]
  /** Medusa's own cart update (POST /store/carts/:id body), `promo_codes` holding the native codes only. */
  update: Omit<UpdateCartWorkflowInputDTO, "id"> & Record<string, unknown>
  customer_id?: string | null
  client_ip?: string | null
}

export const updateCartWithCouponsWorkflowId = "update-cart-with-coupons"

/**
 * POST /store/carts/:id when its promo_codes hold coupon codes, or when the cart holds coupons: `promo_codes` is the
 * cart's whole set of codes (Medusa's meaning, and how the starters add and remove codes), so coupons missing from it
 * are taken off, new ones applied, and Medusa's updateCartWorkflow replaces the native codes with the rest. Its
 * refresh computes the coupon discount; if it fails (an unknown native code, a lock), the coupon changes are undone.
 */
export const updateCartWithCouponsWorkflow = createWorkflow(
  updateCartWithCouponsWorkflowId,
  (input: UpdateCartWithCouponsWorkflowInput) => {
    detachCartCouponsStep(transform({ input }, ({ input }) => ({ cart_id: input.cart_id, codes: input.remove })))
    const attached = attachCartCouponsStep(
      transform({ input }, ({ input }) => ({
        cart_id: input.cart_id,
        codes: input.add,
        refusal_style: "promotion" as const,
        customer_id: input.customer_id ?? null,
        client_ip: input.client_ip ?? null,
        native_codes: Array.isArray(input.update.promo_codes)
          ? { mode: "replace" as const, codes: input.update.promo_codes as string[] }
          : undefined,
      }))
    )
    const update = transform({ input }, ({ input }) => ({ ...input.update, id: input.cart_id }))
    updateCartWorkflow.runAsStep({ input: update })
    return new WorkflowResponse(attached)
  }
)
