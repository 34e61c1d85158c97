import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PromotionActions } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  updateCartPromotionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { DemoStore } from "../../dev/demo-store"
import { applyCartCouponsWorkflow } from "../../src/workflows/cart-coupons/workflows/apply-cart-coupons"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { fetchCouponCart } from "../../src/workflows/cart-coupons/cart-coupon-data"
import { refreshCartCoupons } from "../../src/workflows/cart-coupons/refresh-cart-coupons"
import { DE_ADDRESS } from "./checkout"

/**
 * A cart ready to complete, built with the same workflows the store routes run (create, add shipping, apply coupon
 * codes through the plugin's apply workflow, payment session with the system provider). Much faster than five HTTP
 * calls per cart when a test needs hundreds of carts; the completion itself always goes through HTTP.
 */
export async function prepareCheckoutCart(
  container: MedusaContainer,
  store: DemoStore,
  input: {
    customer_id?: string
    email: string
    lines: { product: number; quantity: number }[]
    codes?: string[]
    /** Native Medusa promotion codes, added the way POST /store/carts/:id/promotions adds them. */
    promo_codes?: string[]
  }
): Promise<string> {
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: store.region.id,
      sales_channel_id: store.salesChannelId,
      customer_id: input.customer_id,
      email: input.email,
      shipping_address: DE_ADDRESS,
      items: input.lines.map((line) => ({ variant_id: store.products[line.product].variantId, quantity: line.quantity })),
    },
  })
  await addShippingMethodToCartWorkflow(container).run({
    input: { cart_id: cart.id, options: [{ id: store.shippingOptionId }] },
  })
  if (input.promo_codes?.length) {
    await updateCartPromotionsWorkflow(container).run({
      input: { cart_id: cart.id, promo_codes: input.promo_codes, action: PromotionActions.ADD },
    })
  }
  if (input.codes?.length) {
    // As the store route does for a request authenticated as the cart's customer.
    await applyCartCouponsWorkflow(container).run({
      input: { cart_id: cart.id, codes: input.codes, customer_id: input.customer_id ?? null },
    })
  }
  await payForCart(container, cart.id)
  return cart.id
}

const ITEM_FIELDS = [
  "title",
  "subtitle",
  "thumbnail",
  "quantity",
  "product_id",
  "product_title",
  "product_description",
  "product_subtitle",
  "product_type",
  "product_type_id",
  "product_collection",
  "product_handle",
  "variant_id",
  "variant_sku",
  "variant_barcode",
  "variant_title",
  "variant_option_values",
  "requires_shipping",
  "is_discountable",
  "is_tax_inclusive",
  "unit_price",
]

/**
 * Hundreds of carts ready to complete, in bulk: the first cart of each distinct line set goes through
 * createCartWorkflow (prices, tax lines), the others are copies written with the cart module in one call, with the
 * same shipping method. Codes are recorded as the apply workflow records them and the discount is written by the
 * plugin's own refresh (refreshCartCoupons, what the cart hook runs); payment sessions use pp_system_default.
 * Tests of the apply path itself live in checkout-apply.spec.ts; this only makes concurrency tests affordable.
 */
export async function prepareCheckoutCarts(
  container: MedusaContainer,
  store: DemoStore,
  carts: { customer_id?: string; email: string; lines: { product: number; quantity: number }[] }[],
  codes: string[]
): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const cartModule = container.resolve(Modules.CART)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const references = new Map<string, any[]>()
  for (const cart of carts) {
    const key = JSON.stringify(cart.lines)
    if (references.has(key)) continue
    const { result } = await createCartWorkflow(container).run({
      input: {
        region_id: store.region.id,
        sales_channel_id: store.salesChannelId,
        shipping_address: DE_ADDRESS,
        items: cart.lines.map((line) => ({ variant_id: store.products[line.product].variantId, quantity: line.quantity })),
      },
    })
    const {
      data: [reference],
    } = await query.graph({
      entity: "cart",
      fields: [...ITEM_FIELDS.map((field) => `items.${field}`), "items.tax_lines.*"],
      filters: { id: result.id },
    })
    references.set(
      key,
      (reference as any).items.map((item: any) => ({
        ...Object.fromEntries(ITEM_FIELDS.map((field) => [field, item[field] ?? undefined])),
        tax_lines: (item.tax_lines ?? []).map((line: any) => ({
          code: line.code,
          rate: line.rate,
          description: line.description,
          provider_id: line.provider_id,
          tax_rate_id: line.tax_rate_id,
        })),
      }))
    )
  }
  const created = await cartModule.createCarts(
    carts.map((cart) => ({
      region_id: store.region.id,
      sales_channel_id: store.salesChannelId,
      currency_code: store.region.currency_code,
      customer_id: cart.customer_id,
      email: cart.email,
      shipping_address: DE_ADDRESS,
      items: references.get(JSON.stringify(cart.lines)),
    }))
  )
  const cartIds = created.map((cart) => cart.id)
  await cartModule.addShippingMethods(
    cartIds.map((cart_id) => ({ cart_id, name: "Standard shipping", amount: 5, shipping_option_id: store.shippingOptionId }))
  )
  const service = container.resolve(COUPON_MODULE)
  const coupons = await service.listCoupons({ code: codes })
  // As applied by a request authenticated as the cart's customer (guests: none).
  await service.createCouponCartCodes(
    cartIds.flatMap((cart_id, index) =>
      coupons.map((coupon: any) => ({
        cart_id,
        coupon_id: coupon.id,
        promotion_id: coupon.promotion_id,
        code: coupon.code,
        customer_id: carts[index].customer_id ?? null,
      }))
    )
  )
  await inBatches(cartIds.length, 4, async (index) => {
    await refreshCartCoupons(container, { cart: (await fetchCouponCart(container, cartIds[index])) as any })
  })
  const { data: totals } = await query.graph({ entity: "cart", fields: ["id", "total"], filters: { id: cartIds } })
  const totalById = new Map((totals as any[]).map((cart) => [cart.id, Number(cart.total)]))
  const collections = await paymentModule.createPaymentCollections(
    cartIds.map((id) => ({ currency_code: store.region.currency_code, amount: totalById.get(id)! }))
  )
  await link.create(
    cartIds.map((cart_id, index) => ({
      [Modules.CART]: { cart_id },
      [Modules.PAYMENT]: { payment_collection_id: collections[index].id },
    }))
  )
  await inBatches(cartIds.length, 4, async (index) => {
    await paymentModule.createPaymentSession(collections[index].id, {
      provider_id: "pp_system_default",
      currency_code: store.region.currency_code,
      amount: totalById.get(cartIds[index])!,
      data: {},
    })
  })
  return cartIds
}

/** Payment collection + a pending session with pp_system_default, what the storefront does before completing. */
export async function payForCart(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cartId } })
  const {
    data: [cart],
  } = await query.graph({ entity: "cart", fields: ["payment_collection.id"], filters: { id: cartId } })
  await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: (cart as any).payment_collection.id, provider_id: "pp_system_default" },
  })
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inBatches<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const index = next++
      out[index] = await task(index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker))
  return out
}

/** Σ of the coupon adjustments an order kept, per order id. */
export async function orderCouponDiscounts(container: MedusaContainer, orderIds: string[]): Promise<Map<string, number>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "items.adjustments.amount", "items.adjustments.provider_id"],
    filters: { id: orderIds },
  })
  const out = new Map<string, number>()
  for (const order of orders as any[]) {
    let cents = 0
    for (const item of order.items ?? []) {
      for (const adjustment of item.adjustments ?? []) {
        if (adjustment.provider_id === "coupon-batches") {
          cents += Math.round(Number(adjustment.amount) * 100)
        }
      }
    }
    out.set(order.id, cents / 100)
  }
  return out
}

/** Polls until `check` returns a truthy value (event subscribers run after the response). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30000): Promise<T> {
  const started = Date.now()
  let last: T
  for (;;) {
    last = await check()
    if (last || Date.now() - started > timeoutMs) {
      return last
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export async function couponRow(container: MedusaContainer, id: string) {
  return await container.resolve(COUPON_MODULE).retrieveCoupon(id)
}
