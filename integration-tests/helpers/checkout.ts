import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { DemoStore, seedDemoStore } from "../../dev/demo-store"
import { COUPON_MODULE } from "../../src/modules/coupon"

type Api = {
  post: (url: string, body?: unknown, config?: unknown) => Promise<any>
  get: (url: string, config?: unknown) => Promise<any>
  delete: (url: string, config?: unknown) => Promise<any>
}

export const DE_ADDRESS = {
  first_name: "Erika",
  last_name: "Muster",
  address_1: "Hauptstr. 1",
  city: "Berlin",
  postal_code: "10115",
  country_code: "de",
}

/**
 * Seeds the demo store before each test (the runner empties the database between tests). The returned object is
 * filled in by then: `demo.store`, and `demo.headers` with the store's publishable key.
 */
export function seedDemoStoreBeforeEach(getContainer: () => MedusaContainer) {
  const demo = {} as { store: DemoStore; headers: Record<string, string> }
  beforeEach(async () => {
    demo.store = await seedDemoStore(getContainer())
    demo.headers = { "x-publishable-api-key": demo.store.publishableKey }
  })
  return demo
}

/** A cart in the demo store: lines, a German shipping address (20% VAT) and, unless told not to, standard shipping. */
export async function createCheckoutCart(
  api: Api,
  store: DemoStore,
  headers: Record<string, string>,
  lines: { product: number; quantity: number }[],
  options: { shipping?: boolean; email?: string } = {}
) {
  const config = { headers }
  const created = await api.post(
    "/store/carts",
    { region_id: store.region.id, ...(options.email ? { email: options.email } : {}) },
    config
  )
  const cartId = created.data.cart.id
  for (const line of lines) {
    await api.post(
      `/store/carts/${cartId}/line-items`,
      { variant_id: store.products[line.product].variantId, quantity: line.quantity },
      config
    )
  }
  await api.post(`/store/carts/${cartId}`, { shipping_address: DE_ADDRESS }, config)
  let cart = (await api.get(`/store/carts/${cartId}`, config)).data.cart
  if (options.shipping !== false) {
    cart = (await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId }, config)).data
      .cart
  }
  return cart
}

/** A coupon promotion with the given codes (stored normalized, as the batch writers store them). */
export async function createCouponPromotion(
  container: MedusaContainer,
  promotion: Record<string, unknown>,
  codes: (string | Record<string, unknown>)[]
) {
  const service = container.resolve(COUPON_MODULE)
  const custom_id = (promotion.custom_id as string) ?? `P${Math.random().toString(36).slice(2, 8).toUpperCase()}`
  const created = await service.createCouponPromotions({
    custom_id,
    name: `Promotion ${custom_id}`,
    coupon_type: "promotion_code",
    discount_type: "percentage",
    discount_value: 10,
    ...promotion,
  })
  const coupons = await service.createCoupons(
    codes.map((code) =>
      typeof code === "string" ? { code, promotion_id: created.id } : { promotion_id: created.id, ...code }
    )
  )
  return { promotion: created, coupons }
}

/** A native Medusa promotion: percentage (or fixed) off items, no rules. */
export async function createNativePromotion(
  container: MedusaContainer,
  code: string,
  value: number,
  type: "percentage" | "fixed" = "percentage"
) {
  const promotionModule = container.resolve(Modules.PROMOTION)
  return await promotionModule.createPromotions({
    code,
    type: "standard",
    status: "active",
    is_automatic: false,
    application_method: {
      type,
      target_type: "items",
      allocation: "across",
      value,
      currency_code: "eur",
    },
  } as any)
}

/** Coupon adjustments of a cart response: { item title → amount }. */
export function couponLines(cart: any, code?: string) {
  const out: Record<string, number> = {}
  for (const item of cart.items) {
    for (const adjustment of item.adjustments ?? []) {
      if (adjustment.provider_id === "coupon-batches" && (!code || adjustment.description === `Coupon ${code}`)) {
        out[item.title] = +((out[item.title] ?? 0) + Number(adjustment.amount)).toFixed(4)
      }
    }
  }
  return out
}

export function nativeLines(cart: any, code: string) {
  const out: Record<string, number> = {}
  for (const item of cart.items) {
    for (const adjustment of item.adjustments ?? []) {
      if (adjustment.code === code) {
        out[item.title] = +((out[item.title] ?? 0) + Number(adjustment.amount)).toFixed(4)
      }
    }
  }
  return out
}

export function totals(cart: any) {
  const pick = (key: string) => +Number(cart[key]).toFixed(4)
  return {
    item_subtotal: pick("item_subtotal"),
    discount_subtotal: pick("discount_subtotal"),
    discount_total: pick("discount_total"),
    item_total: pick("item_total"),
    shipping_total: pick("shipping_total"),
    tax_total: pick("tax_total"),
    total: pick("total"),
  }
}
