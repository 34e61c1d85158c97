/**
 * What "Usage Per Customer", customer groups and "first order only" know about the cart's shopper (engine
 * CustomerUsageInput): their live uses per coupon and per promotion, their groups, their earlier orders.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { CustomerUsageInput } from "../../engine/eligibility"
import { CouponCartLike, cartCustomerId, couponService } from "./cart-coupon-data"

type AudiencePromotion = { customer_group_ids?: readonly string[] | null; first_order_only?: boolean | null } | null | undefined

export type CustomerAudience = { group_ids?: string[] | null; prior_orders?: number | null }

/**
 * The groups of the cart's customer and their earlier orders, loaded only when one of `promotions` asks for them
 * (the refresh of every cart must not pay for it). Earlier orders: placed (not draft) and not canceled, by the
 * customer record or the cart's e-mail; a cart with neither has none yet (a guest types the e-mail later, and the
 * completion re-checks with it).
 */
export async function loadCustomerAudience(
  container: MedusaContainer,
  cart: CouponCartLike,
  promotions: AudiencePromotion[]
): Promise<CustomerAudience> {
  const customerId = cartCustomerId(cart)
  const email = cart.email?.trim() || null
  const out: CustomerAudience = {}
  if (promotions.some((promotion) => (promotion?.customer_group_ids?.length ?? 0) > 0)) {
    out.group_ids = []
    if (customerId) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "customer", fields: ["id", "groups.id"], filters: { id: customerId } })
      out.group_ids = ((data[0]?.groups ?? []) as { id: string }[]).filter(Boolean).map((group) => group.id)
    }
  }
  if (promotions.some((promotion) => !!promotion?.first_order_only)) {
    out.prior_orders = 0
    const who: Record<string, unknown>[] = []
    if (customerId) {
      who.push({ customer_id: customerId })
    }
    if (email) {
      who.push({ email: Array.from(new Set([email, email.toLowerCase()])) })
    }
    if (who.length) {
      const orders = await container.resolve(Modules.ORDER).listOrders(
        { $or: who, status: { $nin: ["canceled", "draft"] }, is_draft_order: false } as any,
        { select: ["id"], take: 1 }
      )
      out.prior_orders = orders.length
    }
  }
  return out
}

/**
 * The cart customer's live redemptions counted by "Usage Per Customer", per applied coupon, not counting this cart
 * (engine contract: a refresh or the completion re-check of a cart that holds the coupon must not refuse it for its
 * own reservation): `code_uses` of the coupon itself, and `uses` in the promotion's scope, which for
 * per_customer_scope "promotion" is every code of the promotion, the customer's account or the cart's e-mail.
 */
export async function customerUsageByCoupon(
  container: MedusaContainer,
  cart: CouponCartLike,
  entries: {
    coupon_id: string
    promotion?: ({ id: string; per_customer_scope?: string | null } & NonNullable<AudiencePromotion>) | null
  }[]
): Promise<Map<string, CustomerUsageInput>> {
  const customerId = cartCustomerId(cart)
  const email = cart.email?.trim().toLowerCase() || null
  const out = new Map<string, CustomerUsageInput>()
  if (!entries.length) {
    return out
  }
  // One read for both counts (none without a customer or an e-mail: a guest without one has no uses yet): this
  // coupon's uses by the customer record, and the promotion's by the record or the e-mail; the audience beside it.
  const scoped = entries.filter((entry) => entry.promotion?.per_customer_scope === "promotion")
  const [audience, { code_uses: codeUses, promotion_uses: promotionUses }] = await Promise.all([
    loadCustomerAudience(container, cart, entries.map((entry) => entry.promotion)),
    couponService(container).countCustomerUses({
      coupon_ids: customerId ? entries.map((entry) => entry.coupon_id) : [],
      promotion_ids: Array.from(new Set(scoped.map((entry) => entry.promotion!.id))),
      customer_id: customerId,
      email,
      except_cart_id: cart.id,
    }),
  ])
  for (const entry of entries) {
    const code = codeUses.get(entry.coupon_id) ?? 0
    const uses = entry.promotion?.per_customer_scope === "promotion" ? promotionUses.get(entry.promotion.id) ?? 0 : code
    out.set(entry.coupon_id, { uses, code_uses: code, ...audience })
  }
  return out
}
