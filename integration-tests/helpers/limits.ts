import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createPaymentCollectionForCartWorkflow, createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { COUPON_MODULE } from "../../src/modules/coupon"

/**
 * Shared by the issue 16 specs (limits, stacking, max-coupons): refusal assertions, promotions made through the
 * admin API (so the rules' defaults apply: currency, per_customer_scope), the promotion's counters as the admin API
 * shows them, and the live ledger read with SQL.
 */

type Api = {
  post: (url: string, body?: unknown, config?: unknown) => Promise<any>
  get: (url: string, config?: unknown) => Promise<any>
}

/** The response of a request, a 4xx/5xx included (axios throws those). */
export const settle = (request: Promise<any>) =>
  request.catch((error: any) => {
    if (!error.response) {
      throw error
    }
    return error.response
  })

/** A refusal of a store coupon route: 400 `{ type: "not_allowed", code, message, details? }`, exactly. */
export function expectRefusal(res: any, code: string, message: string, details?: Record<string, unknown>) {
  expect({ status: res.status, data: res.data }).toEqual({
    status: 400,
    data: { type: "not_allowed", code, message, ...(details ? { details } : {}) },
  })
}

/**
 * A refused completion (Medusa's own route and error handler): 400 with the machine code and message. Details, if
 * the implementation adds them, are not part of the completion contract.
 */
export function expectCompletionRefusal(res: any, code: string, message: string) {
  expect({ status: res.status, type: res.data?.type, code: res.data?.code, message: res.data?.message }).toEqual({
    status: 400,
    type: "not_allowed",
    code,
    message,
  })
}

/**
 * A coupon promotion created with POST /admin/coupon-promotions (zod + rules, defaults filled in by the plugin), and
 * its codes written with the module service as the batch writers store them.
 */
export async function createPromotionThroughAdmin(
  api: Api,
  container: MedusaContainer,
  admin: { headers: Record<string, string> },
  body: Record<string, unknown>,
  codes: string[]
) {
  const custom_id = (body.custom_id as string) ?? `L${Math.random().toString(36).slice(2, 9).toUpperCase()}`
  const res = await settle(
    api.post(
      "/admin/coupon-promotions",
      {
        custom_id,
        name: `Promotion ${custom_id}`,
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 10,
        ...body,
      },
      admin
    )
  )
  if (res.status !== 200) {
    throw new Error(`POST /admin/coupon-promotions answered ${res.status} ${JSON.stringify(res.data)}`)
  }
  const promotion = res.data.coupon_promotion
  const coupons = await container
    .resolve(COUPON_MODULE)
    .createCoupons(codes.map((code) => ({ code, promotion_id: promotion.id })))
  return { promotion, coupons }
}

/** What the admin sees: GET /admin/coupon-promotions/:id, counters with discount_used as numbers. */
export async function promotionCounters(api: Api, admin: { headers: Record<string, string> }, id: string) {
  const { coupon_promotion: promotion } = (await api.get(`/admin/coupon-promotions/${id}`, admin)).data
  const used = (promotion.discount_used ?? {}) as Record<string, unknown>
  for (const value of Object.values(used)) {
    // Decimal text by currency, as stored (jsonb {"eur": "25"}).
    expect(typeof value).toBe("string")
  }
  return {
    orders_count: promotion.orders_count,
    discount_used: Object.fromEntries(Object.entries(used).map(([currency, value]) => [currency, Number(value)])),
    computed_status: promotion.computed_status,
  }
}

/** Live (reserved or confirmed) redemptions of a promotion, straight from the table: the ledger the caps count. */
export async function liveRedemptions(container: MedusaContainer, promotionId: string) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const { rows } = await knex.raw(
    `SELECT cart_id, coupon_id, state, amount::text AS amount FROM coupon_redemption
      WHERE promotion_id = ? AND state IN ('reserved', 'confirmed') AND deleted_at IS NULL`,
    [promotionId]
  )
  return rows as { cart_id: string; coupon_id: string; state: string; amount: string }[]
}

/** Σ of amounts in cents (exact for 2-decimal amounts). */
export const cents = (amounts: (string | number)[]) =>
  amounts.reduce<number>((sum, amount) => sum + Math.round(Number(amount) * 100), 0)

/** The orders made from these carts (order_cart links). */
export async function ordersOfCarts(container: MedusaContainer, cartIds: string[]) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id", "cart_id"], filters: { cart_id: cartIds } })
  return data as { order_id: string; cart_id: string }[]
}

/**
 * A payment session with pp_system_default, whether or not the cart already has a payment collection (a cart
 * refreshed after a refused completion keeps its collection, with the new amount and no session).
 */
export async function ensurePayment(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const collectionOf = async () =>
    (
      await query.graph({
        entity: "cart",
        fields: ["payment_collection.id", "payment_collection.payment_sessions.id"],
        filters: { id: cartId },
      })
    ).data[0] as any
  let cart = await collectionOf()
  if (!cart.payment_collection) {
    await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cartId } })
    cart = await collectionOf()
  }
  await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: cart.payment_collection.id, provider_id: "pp_system_default" },
  })
}

/** A native Medusa promotion: percentage off the given products only. */
export async function createTargetedNativePromotion(
  container: MedusaContainer,
  code: string,
  value: number,
  productIds: string[]
) {
  return await container.resolve(Modules.PROMOTION).createPromotions({
    code,
    type: "standard",
    status: "active",
    is_automatic: false,
    application_method: {
      type: "percentage",
      target_type: "items",
      allocation: "across",
      value,
      currency_code: "eur",
      target_rules: [{ attribute: "items.product.id", operator: "in", values: productIds }],
    },
  } as any)
}
