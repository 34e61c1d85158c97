/* eslint-disable no-console */
// Run by bench/run.js through `medusa exec` on a database of its own. Applying a coupon code vs applying a native
// Medusa promotion code to the same kind of cart (2 lines, DE address with 20% VAT, shipping method), interleaved
// (native, coupon, native, coupon …) so machine noise hits both alike, with BENCH_APPLY_SIZES codes in the system.
// Each sample is what the store route does: the write workflow, then the cart refetch with the store's fields;
// the coupon sample also includes the throttle read its route makes. Prints one BENCH_RESULT JSON line.
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PromotionActions } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  createCartWorkflow,
  updateCartPromotionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { defaultStoreCartFields } from "@medusajs/medusa/api/store/carts/query-config"
import { refetchCart } from "@medusajs/medusa/api/store/carts/helpers"
import { seedDemoStore } from "../dev/demo-store"
import { COUPON_MODULE } from "../src/modules/coupon"
import { createNativePromotion, summary } from "./checkout-harness-app"
import { applyCartCouponsWorkflow } from "../src/workflows/cart-coupons/workflows/apply-cart-coupons"

const FIELDS = [...defaultStoreCartFields, "items.adjustments.description", "items.adjustments.provider_id"]

export default async function checkoutApplyBench({ container }: ExecArgs) {
  const samples = Number(process.env.BENCH_APPLY_SAMPLES || 50)
  const sizes = (process.env.BENCH_APPLY_SIZES || "1000,1000000").split(",").map(Number)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const service = container.resolve(COUPON_MODULE)
  const store = await seedDemoStore(container)

  const promotion = await service.createCouponPromotions({
    custom_id: "BENCH-APPLY",
    name: "Bench apply",
    coupon_type: "promotion_code",
    discount_type: "percentage",
    discount_value: 10,
    // What the admin API gives a new promotion code (issue 16): "one order per customer" across all its codes, so
    // every apply also counts the shopper's uses of the promotion (by the cart's e-mail for this guest).
    per_customer_scope: "promotion",
  })
  await createNativePromotion(container)

  const newCart = async () => {
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: store.region.id,
        sales_channel_id: store.salesChannelId,
        email: "bench@coupons.test",
        shipping_address: { country_code: "de", first_name: "B", last_name: "B", address_1: "x", city: "Berlin", postal_code: "10115" },
        items: [
          { variant_id: store.products[0].variantId, quantity: 1 },
          { variant_id: store.products[1].variantId, quantity: 2 },
        ],
      },
    })
    await addShippingMethodToCartWorkflow(container).run({
      input: { cart_id: cart.id, options: [{ id: store.shippingOptionId }] },
    })
    return cart.id as string
  }

  let inserted = 0
  // Codes as the generator stores them (normalized, unique), inserted in code order so the unique index is built
  // sequentially: the bench measures applying, not loading.
  const topUp = async (total: number) => {
    const started = Date.now()
    for (let from = inserted; from < total; from += 200_000) {
      const to = Math.min(total, from + 200_000)
      await knex.raw(
        `INSERT INTO coupon (id, code, promotion_id, state)
         SELECT 'coupon_bench' || lpad(i::text, 9, '0'), 'BA' || lpad(i::text, 9, '0'), ?, 'unassigned'
         FROM generate_series(?::int, ?::int) AS i`,
        [promotion.id, from + 1, to]
      )
    }
    inserted = total
    await knex.raw(`ANALYZE coupon`)
    return Date.now() - started
  }
  const randomCode = () => `BA${String(1 + Math.floor(Math.random() * inserted)).padStart(9, "0")}`

  const applyNative = async (cartId: string) => {
    const t = process.hrtime.bigint()
    await updateCartPromotionsWorkflow(container).run({
      input: { cart_id: cartId, promo_codes: ["BENCHNATIVE10"], action: PromotionActions.ADD, force_refresh_payment_collection: true },
    })
    const cart = await refetchCart(cartId, container as MedusaContainer, FIELDS)
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    if (!cart.promotions?.length) throw new Error("native code not applied")
    return ms
  }
  const applyCoupon = async (cartId: string) => {
    const t = process.hrtime.bigint()
    const throttle = await service.getCouponThrottle({ cart_id: cartId, client_ip: "127.0.0.1" })
    if (throttle.limited) throw new Error("bench cart throttled")
    await applyCartCouponsWorkflow(container).run({ input: { cart_id: cartId, codes: [randomCode()], client_ip: "127.0.0.1" } })
    const cart = await refetchCart(cartId, container as MedusaContainer, FIELDS)
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    const discounted = cart.items.some((item: any) => item.adjustments?.some((a: any) => a.provider_id === "coupon-batches"))
    if (!discounted) throw new Error("coupon not applied")
    return ms
  }

  const results: Record<string, unknown> = {}
  for (const size of sizes) {
    const loadMs = await topUp(size)
    // Fresh carts for every sample (applying a code twice is a no-op), made before timing starts.
    const warmup = 3
    const carts: string[] = []
    for (let i = 0; i < 2 * (samples + warmup); i++) {
      carts.push(await newCart())
    }
    const native: number[] = []
    const coupon: number[] = []
    for (let i = 0; i < samples + warmup; i++) {
      const n = await applyNative(carts[2 * i])
      const c = await applyCoupon(carts[2 * i + 1])
      if (i >= warmup) {
        native.push(n)
        coupon.push(c)
      }
    }
    const nativeStats = summary(native)
    const couponStats = summary(coupon)
    results[String(size)] = {
      codes_in_system: size,
      load_ms: loadMs,
      native: nativeStats,
      coupon: couponStats,
      ratio_p50: +(couponStats.p50 / nativeStats.p50).toFixed(2),
    }
    console.error(
      `apply @ ${size.toLocaleString("en-US")} codes: native p50 ${nativeStats.p50} ms / p95 ${nativeStats.p95} ms; ` +
        `coupon p50 ${couponStats.p50} ms / p95 ${couponStats.p95} ms; ratio of medians ${(couponStats.p50 / nativeStats.p50).toFixed(2)}`
    )
  }
  console.log("BENCH_RESULT " + JSON.stringify({ samples, sizes: results }))
}
