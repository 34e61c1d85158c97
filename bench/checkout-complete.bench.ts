/* eslint-disable no-console */
// Run by bench/checkout-complete.js through `medusa exec` on a database of its own: completing a cart that carries a
// coupon (the plugin's validate hook locks, re-checks and reserves) vs a cart that carries a native Medusa promotion,
// interleaved (native, coupon, native, coupon …) so machine noise hits both alike. Carts are prepared before the
// timed part (same lines, DE address with 20% VAT, shipping, system payment session); each sample is the store
// route's work: completeCartWorkflow through the workflow engine, then the order read. Runs at each of
// BENCH_COMPLETE_SIZES codes in the system (default 1,000 and 1,000,000: the coupon's promotion topped up with
// unassigned codes by INSERT … SELECT generate_series between sizes), so "flat as the codes grow" is measured too.
// Prints one BENCH_RESULT line.
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { completeCartWorkflowId } from "@medusajs/medusa/core-flows"
import { seedDemoStore } from "../dev/demo-store"
import { COUPON_MODULE } from "../src/modules/coupon"
import { createNativePromotion, summary } from "./checkout-harness-app"
import { prepareCheckoutCart } from "../integration-tests/helpers/redemption"

export default async function checkoutCompleteBench({ container }: ExecArgs) {
  const samples = Math.max(20, Number(process.env.BENCH_COMPLETE_SAMPLES || 30))
  const sizes = (process.env.BENCH_COMPLETE_SIZES || "1000,1000000").split(",").map(Number)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const store = await seedDemoStore(container)
  const service = container.resolve(COUPON_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const engine = container.resolve(Modules.WORKFLOW_ENGINE)

  const promotion = await service.createCouponPromotions({
    custom_id: "BENCH-COMPLETE",
    name: "Bench complete",
    coupon_type: "promotion_code",
    discount_type: "percentage",
    discount_value: 10,
    usage_per_customer: "unlimited",
    codes_total: 1,
    codes_unassigned: 1,
  } as any)
  await service.createCoupons([{ code: "BENCHCOMPLETE10", promotion_id: promotion.id }])
  await createNativePromotion(container)

  const lines = [
    { product: 0, quantity: 1 },
    { product: 1, quantity: 2 },
  ]
  const nativeCart = () =>
    prepareCheckoutCart(container, store, { email: "bench-native@coupons.test", lines, promo_codes: ["BENCHNATIVE10"] })
  const couponCart = () =>
    prepareCheckoutCart(container, store, { email: "bench-coupon@coupons.test", lines, codes: ["BENCHCOMPLETE10"] })

  const complete = async (cartId: string) => {
    const started = process.hrtime.bigint()
    const { errors, result } = await engine.run(completeCartWorkflowId, { input: { id: cartId }, throwOnError: false })
    if (errors?.length) {
      throw errors[0].error
    }
    await query.graph({ entity: "order", fields: ["id", "total", "items.*", "items.adjustments.*"], filters: { id: result.id } })
    return Number(process.hrtime.bigint() - started) / 1e6
  }

  // Codes in the system besides BENCHCOMPLETE10, in code order (the bench measures completing, not loading).
  let inserted = 1
  const topUp = async (total: number) => {
    const started = Date.now()
    for (let from = inserted; from < total; from += 200_000) {
      const to = Math.min(total, from + 200_000)
      await knex.raw(
        `INSERT INTO coupon (id, code, promotion_id, state)
         SELECT 'coupon_benchc' || lpad(i::text, 9, '0'), 'BC' || lpad(i::text, 9, '0'), ?, 'unassigned'
         FROM generate_series(?::int, ?::int) AS i`,
        [promotion.id, from + 1, to]
      )
    }
    inserted = Math.max(inserted, total)
    await knex.raw(`VACUUM ANALYZE coupon`)
    return Date.now() - started
  }

  const bySize: Record<string, any> = {}
  for (const size of sizes) {
    const loadMs = await topUp(size)
    // Warm-up: the first completion of each kind (at each size) pays for lazy loading and cold pages.
    await complete(await nativeCart())
    await complete(await couponCart())
    const native: number[] = []
    const coupon: number[] = []
    for (let i = 0; i < samples; i++) {
      const [n, c] = [await nativeCart(), await couponCart()]
      native.push(await complete(n))
      coupon.push(await complete(c))
    }
    bySize[String(size)] = {
      codes_in_system: size,
      load_ms: loadMs,
      native: summary(native),
      coupon: summary(coupon),
      ratio_p50: +(summary(coupon).p50 / summary(native).p50).toFixed(2),
    }
  }
  const first = bySize[String(sizes[0])]
  const last = bySize[String(sizes[sizes.length - 1])]
  const result = {
    samples,
    // The smallest size's figures at the top level, as before sizes existed.
    native: first.native,
    coupon: first.coupon,
    ratio_p50: first.ratio_p50,
    sizes: bySize,
    // How the ratio moves from the smallest to the largest size (1 = flat).
    ratio_growth: +(last.ratio_p50 / first.ratio_p50).toFixed(2),
    target_ratio_p50: 1.05,
  }
  console.log("BENCH_RESULT " + JSON.stringify(result))
}
