import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { now } from "../../lib/clock"
import { couponService } from "../cart-coupons/cart-coupon-data"
import { RedemptionReleaseReasons } from "./events"
import { confirmCouponRedemptionsWorkflow } from "./workflows/confirm-coupon-redemptions"
import { releaseCouponRedemptionsWorkflow } from "./workflows/release-coupon-redemptions"

/**
 * What the scheduled job runs: reservations older than the `reservationTimeoutMinutes` option are settled. A cart
 * that did become an order (its order.placed was lost) gets them confirmed; any other gets them released, so an
 * abandoned completion never holds a use, a "first N customers" place or a balance for good.
 */
export async function settleStaleCouponReservations(
  container: MedusaContainer,
  options: { at?: Date; limit?: number } = {}
): Promise<{ confirmed: number; released: number }> {
  const service = couponService(container)
  const at = options.at ?? now()
  const before = new Date(at.getTime() - service.getOptions().reservationTimeoutMinutes * 60 * 1000)
  const stale = await service.listStaleCouponReservations({ before, limit: options.limit ?? 500 })
  const result = { confirmed: 0, released: 0 }
  if (!stale.length) {
    return result
  }
  const cartIds = Array.from(new Set(stale.map((row) => row.cart_id)))
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "order_cart",
    fields: ["cart_id", "order_id"],
    filters: { cart_id: cartIds },
  })
  const orderByCart = new Map((links as { cart_id: string; order_id: string }[]).map((l) => [l.cart_id, l.order_id]))
  for (const cartId of cartIds) {
    const orderId = orderByCart.get(cartId)
    if (orderId) {
      const { result: confirmed } = await confirmCouponRedemptionsWorkflow(container).run({
        input: { order_id: orderId },
      })
      result.confirmed += confirmed.length
      continue
    }
    const ids = stale.filter((row) => row.cart_id === cartId).map((row) => row.id)
    const { result: released } = await releaseCouponRedemptionsWorkflow(container).run({
      input: { redemption_ids: ids, states: ["reserved"], reason: RedemptionReleaseReasons.RESERVATION_TIMEOUT },
    })
    result.released += released.length
  }
  return result
}

/** order.canceled: every use the order's cart made (confirmed, or still reserved) comes back. */
export async function releaseOrderCouponRedemptions(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "order_cart",
    fields: ["cart_id"],
    filters: { order_id: orderId },
  })
  const cartId = (links as { cart_id: string }[])[0]?.cart_id
  const { result } = await releaseCouponRedemptionsWorkflow(container).run({
    input: cartId
      ? { cart_id: cartId, reason: RedemptionReleaseReasons.ORDER_CANCELED }
      : { order_id: orderId, reason: RedemptionReleaseReasons.ORDER_CANCELED },
  })
  return result
}
