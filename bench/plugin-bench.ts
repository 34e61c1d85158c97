/* eslint-disable no-console */
// Run by bench/run.js through `medusa exec` (the whole app, plugin included). Prints one JSON line per figure.
import { readFileSync } from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { COUPON_MODULE } from "../src/modules/coupon"
import { createGeneratedCouponBatchWorkflow } from "../src/workflows/batches/workflows/create-generated-batch"
import { importCouponBatchWorkflow } from "../src/workflows/batches/workflows/import-batch"

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024))

export default async function pluginBench({ container }: ExecArgs) {
  // Passed by environment: `medusa exec` parses its arguments itself.
  const count = Number(process.env.BENCH_COUNT)
  const csvPath = process.env.BENCH_CSV!
  const service = container.resolve(COUPON_MODULE)
  const bootRss = process.memoryUsage().rss
  const promotion = await service.createCouponPromotions({
    custom_id: `BENCH-${Date.now()}`,
    name: "Bench",
    coupon_type: "promotion_code",
    discount_type: "percentage",
    discount_value: 10,
  })

  let t = process.hrtime.bigint()
  const { result: generated } = await createGeneratedCouponBatchWorkflow(container).run({
    input: { promotion_id: promotion.id, count, background_threshold: Number.MAX_SAFE_INTEGER },
  })
  const generateMs = Number(process.hrtime.bigint() - t) / 1e6
  if (generated.state !== "completed" || generated.codes_total !== count) {
    throw new Error(`generation ended ${generated.state}: ${JSON.stringify(generated.error)}`)
  }

  const content = readFileSync(csvPath)
  t = process.hrtime.bigint()
  const { result: imported } = await importCouponBatchWorkflow(container).run({
    input: { promotion_id: promotion.id, file_name: "bench.csv", content },
  })
  const importMs = Number(process.hrtime.bigint() - t) / 1e6
  if (imported.codes_total !== count) {
    throw new Error(`import wrote ${imported.codes_total} codes`)
  }
  const after = await service.retrieveCouponPromotion(promotion.id)
  console.log(
    "BENCH_RESULT " +
      JSON.stringify({
        generate_ms: Math.round(generateMs),
        import_ms: Math.round(importMs),
        boot_rss_mb: mb(bootRss),
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        promotion_codes_total: after.codes_total,
      })
  )
}
