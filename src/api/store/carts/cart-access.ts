/**
 * Who may touch coupons on a cart. Medusa's store cart routes take the cart id as the only credential; the coupon
 * routes ask for more when the cart belongs to a customer account: the request must be authenticated as that
 * customer (401 without a login, 403 as someone else), so a shopper holding another account's cart id can neither
 * spend nor strip its coupons nor read it back in the answer. A guest cart (no customer, or a guest customer that
 * Medusa made from an e-mail) stays open to whoever holds its id, as in Medusa.
 */
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

export const CART_ACCESS_MESSAGE = "This cart belongs to a customer account. Log in as that customer to use coupons on it."

/** The customer the request is authenticated as (Medusa's customer actor), or null. Never read from the cart. */
export function requestCustomerId(req: MedusaRequest): string | null {
  const auth = (req as MedusaRequest & { auth_context?: { actor_type?: string; actor_id?: string } }).auth_context
  return auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
}

/** Throws 401/403 (CART_ACCESS_MESSAGE) unless the requester may use coupons on the cart; an unknown cart passes (its route answers 404). */
export async function assertCouponCartAccess(req: MedusaRequest, cartId: string): Promise<void> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [cart],
  } = await query.graph({ entity: "cart", fields: ["id", "customer_id", "customer.has_account"], filters: { id: cartId } })
  const owner = cart as { customer_id?: string | null; customer?: { has_account?: boolean } | null } | undefined
  if (!owner?.customer_id || !owner.customer?.has_account) {
    return
  }
  const requester = requestCustomerId(req)
  if (requester === owner.customer_id) {
    return
  }
  throw new MedusaError(requester ? MedusaError.Types.FORBIDDEN : MedusaError.Types.UNAUTHORIZED, CART_ACCESS_MESSAGE)
}

/** Route middleware for the plugin's own coupon routes (`/store/carts/:id/coupons…`). */
export async function couponCartAccess(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  await assertCouponCartAccess(req, req.params.id)
  next()
}
