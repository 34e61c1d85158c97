import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { now } from "../../lib/clock"
import {
  COUPON_ADJUSTMENT_PROVIDER_ID,
  couponAdjustmentDescription,
  couponService,
} from "../cart-coupons/cart-coupon-data"
import { RedemptionReleaseReasons } from "./events"
import { confirmCouponRedemptionsWorkflow } from "./workflows/confirm-coupon-redemptions"
import { releaseCouponRedemptionsWorkflow } from "./workflows/release-coupon-redemptions"

/**
 * What the scheduled job runs: reservations older than the `reservationTimeoutMinutes` option are settled, and a
 * use is released only when no order consumed it:
 * 1. the cart's order is found through the order↔cart link, or, when a crash fell between Medusa writing the order
 *    and that link, through the order itself (same e-mail and currency, placed after the reservation, carrying this
 *    cart's coupon adjustments, linked to no cart and confirmed for no other use): its uses are confirmed;
 * 2. a cart that is marked completed but whose order cannot be found is left reserved (and logged): something
 *    consumed it, and the invariant check (src/scripts/check-coupon-invariants.ts) reports it;
 * 3. otherwise the uses are released while holding the cart's completion lock (the key completeCartWorkflow takes),
 *    so a completion still running, however slow, is never robbed of its reservation: the cart is skipped this round.
 */
export async function settleStaleCouponReservations(
  container: MedusaContainer,
  options: { at?: Date; limit?: number } = {}
): Promise<{ confirmed: number; released: number; skipped: number }> {
  const service = couponService(container)
  const at = options.at ?? now()
  const before = new Date(at.getTime() - service.getOptions().reservationTimeoutMinutes * 60 * 1000)
  const stale = await service.listStaleCouponReservations({ before, limit: options.limit ?? 500 })
  const result = { confirmed: 0, released: 0, skipped: 0 }
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
    const rows = stale.filter((row) => row.cart_id === cartId)
    const linked = orderByCart.get(cartId)
    const orderId = linked ?? (await findUnlinkedOrder(container, cartId, rows))
    if (orderId) {
      const { result: confirmed } = await confirmCouponRedemptionsWorkflow(container).run({
        input: { order_id: orderId, cart_id: cartId },
      })
      result.confirmed += confirmed.length
      continue
    }
    const released = await releaseUnlessCompleting(container, cartId, rows)
    if (released === null) {
      result.skipped += rows.length
    } else {
      result.released += released
    }
  }
  return result
}

/** Releases a cart's stale reservations holding its completion lock; null when the cart is (or was) completing. */
async function releaseUnlessCompleting(
  container: MedusaContainer,
  cartId: string,
  rows: { id: string }[]
): Promise<number | null> {
  const locking = container.resolve(Modules.LOCKING)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    return await locking.execute(
      cartId,
      async () => {
        const cart = await cartState(container, cartId)
        if (cart?.completed_at) {
          logger.warn(
            `coupon-batches: cart ${cartId} is completed but its order was not found; its coupon uses stay reserved`
          )
          return null
        }
        const { result: released } = await releaseCouponRedemptionsWorkflow(container).run({
          input: {
            redemption_ids: rows.map((row) => row.id),
            states: ["reserved"],
            reason: RedemptionReleaseReasons.RESERVATION_TIMEOUT,
          },
        })
        return released.length
      },
      { timeout: 1 }
    )
  } catch {
    // The lock is held: a completion of this cart is running right now. The next round decides.
    return null
  }
}

type CartState = { id: string; email?: string | null; currency_code: string; completed_at?: unknown } | undefined

async function cartState(container: MedusaContainer, cartId: string): Promise<CartState> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "email", "currency_code", "completed_at"],
    filters: { id: cartId },
    withDeleted: true,
  })
  return data[0] as CartState
}

/**
 * The order a cart became when the order↔cart link was never written: placed after the reservation by the cart's
 * e-mail in its currency, carrying an adjustment for every reserved code of the cart, linked to no cart and holding
 * no confirmed coupon use. Null when there is none, or more than one (never guess between two orders).
 */
export async function findUnlinkedOrder(
  container: MedusaContainer,
  cartId: string,
  reservations: { id: string }[]
): Promise<string | null> {
  const cart = await cartState(container, cartId)
  if (!cart?.email) {
    return null
  }
  const service = couponService(container)
  const redemptions = await service.listCouponRedemptions(
    { id: reservations.map((row) => row.id) },
    { select: ["id", "coupon_id", "reserved_at"] }
  )
  const coupons = await service.listCoupons(
    { id: redemptions.map((row: { coupon_id: string }) => row.coupon_id) },
    { select: ["id", "code"], withDeleted: true }
  )
  const wanted = coupons.map((coupon: { code: string }) => couponAdjustmentDescription(coupon.code))
  const since = new Date(
    Math.min(...redemptions.map((row: { reserved_at: Date }) => new Date(row.reserved_at).getTime())) - 60 * 1000
  )
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "items.adjustments.description", "items.adjustments.provider_id"],
    filters: { email: cart.email, currency_code: cart.currency_code, created_at: { $gte: since } },
  })
  const carrying = (orders as any[]).filter((order) => {
    const descriptions = new Set(
      (order.items ?? []).flatMap((item: any) =>
        (item?.adjustments ?? [])
          .filter((adjustment: any) => adjustment?.provider_id === COUPON_ADJUSTMENT_PROVIDER_ID)
          .map((adjustment: any) => adjustment.description)
      )
    )
    return wanted.length > 0 && wanted.every((description) => descriptions.has(description))
  })
  if (!carrying.length) {
    return null
  }
  const ids = carrying.map((order) => order.id)
  const { data: linked } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { order_id: ids } })
  const taken = new Set([
    ...(linked as { order_id: string }[]).map((link) => link.order_id),
    ...(await service.listCouponRedemptions({ order_id: ids, state: ["confirmed"] }, { select: ["order_id"] })).map(
      (row: { order_id: string | null }) => row.order_id ?? ""
    ),
  ])
  const free = ids.filter((id) => !taken.has(id))
  return free.length === 1 ? free[0] : null
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
