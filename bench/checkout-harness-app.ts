// The in-app side of the checkout benches (checkout-apply.bench.ts, checkout-complete.bench.ts; bench/checkout-
// harness.js runs them): the native Medusa promotion both compare the coupon with, and the p50/p95 of the samples.
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** The native side of both benches: code BENCHNATIVE10, 10% off the items in EUR. */
export async function createNativePromotion(container: MedusaContainer) {
  await container.resolve(Modules.PROMOTION).createPromotions({
    code: "BENCHNATIVE10",
    type: "standard",
    status: "active",
    is_automatic: false,
    application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10, currency_code: "eur" },
  } as any)
}

function percentile(sorted: number[], p: number) {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]
}

/** p50 and p95 (nearest rank, 0.1 ms) and the count of timings in ms. */
export function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  return { p50: +percentile(sorted, 50).toFixed(1), p95: +percentile(sorted, 95).toFixed(1), n: samples.length }
}
