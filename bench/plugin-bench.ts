/* eslint-disable no-console */
// Run by bench/run.js in its own process: boots only what the batch workflows need (the coupon module, the local
// event bus, the in-memory workflow engine, a pg pool) through Medusa's module loader, not the HTTP app, then runs the same workflows the admin
// routes run: (b) generate BENCH_COUNT codes, (c) import the CSV at BENCH_CSV. Prints one `BENCH_RESULT {json}` line.
// `BENCH_MODE=app-boot` instead only reports the RSS of a booted full app (run through `medusa exec`).
import { readFileSync } from "fs"
import path from "path"
import { MedusaApp, MedusaModule } from "@medusajs/framework/modules-sdk"
import { ContainerRegistrationKeys, createPgConnection, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../src/modules/coupon"
import type CouponModuleService from "../src/modules/coupon/service"
import { createGeneratedCouponBatchWorkflow } from "../src/workflows/batches/workflows/create-generated-batch"
import { importCouponBatchWorkflow } from "../src/workflows/batches/workflows/import-batch"

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024))
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024)
const since = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e6)

// Silences the module loader's info lines; errors still reach stderr.
const logger = {
  info: () => undefined,
  debug: () => undefined,
  log: () => undefined,
  warn: (...a: unknown[]) => console.error(...a),
  error: (...a: unknown[]) => console.error(...a),
  activity: () => "",
  progress: () => undefined,
  success: () => undefined,
  failure: () => undefined,
  shouldLog: () => false,
  setLogLevel: () => undefined,
  unsetLogLevel: () => undefined,
} as any

/**
 * Before each timed phase, and once after the last: VACUUM ANALYZE the tables a load just filled, wait out any
 * autovacuum worker, then CHECKPOINT. Autovacuum visits a table after a million inserts anyway (PG 13+ vacuums after
 * inserts too), and left to itself it would land inside whatever phase runs next, on either side of a ratio: (c)
 * after (b)'s load, or the next (a) after (c)'s. The scratch table of (a) is dropped right after its COPY, so no
 * phase is timed with its vacuum either. The checkpoint keeps one phase from paying for the previous one's dirty
 * pages.
 */
async function settle(pg: any) {
  await pg.raw("VACUUM (ANALYZE) coupon, coupon_batch, coupon_promotion")
  for (let i = 0; i < 600; i++) {
    const { rows } = await pg.raw(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()"
    )
    if (rows[0].n === 0) {
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await pg.raw("CHECKPOINT").catch(() => undefined)
}

async function main() {
  const count = Number(process.env.BENCH_COUNT)
  const csvPath = process.env.BENCH_CSV!
  const pg = createPgConnection({ clientUrl: process.env.DATABASE_URL!, schema: "public" })
  const app = await MedusaApp({
    modulesConfig: {
      [COUPON_MODULE]: { resolve: path.join(__dirname, "../src/modules/coupon"), options: {} },
      [Modules.EVENT_BUS]: { resolve: "@medusajs/event-bus-local" },
      // The app's default workflow engine: it checkpoints each run's context (the uploaded file included), as it
      // does behind the admin routes.
      [Modules.WORKFLOW_ENGINE]: { resolve: "@medusajs/workflow-engine-inmemory" },
    },
    injectedDependencies: {
      [ContainerRegistrationKeys.PG_CONNECTION]: pg,
      [ContainerRegistrationKeys.LOGGER]: logger,
    },
  })
  await app.onApplicationStart()
  const container = app.sharedContainer!
  const service: CouponModuleService = container.resolve(COUPON_MODULE)
  global.gc?.()
  const bootRss = process.memoryUsage().rss

  const promotion = await service.createCouponPromotions({
    custom_id: `BENCH-${Date.now()}`,
    name: "Bench",
    coupon_type: "promotion_code",
    discount_type: "percentage",
    discount_value: 10,
  })

  await settle(pg)
  let t = process.hrtime.bigint()
  const { result: generated } = await createGeneratedCouponBatchWorkflow(container).run({
    input: { promotion_id: promotion.id, count, background_threshold: Number.MAX_SAFE_INTEGER },
  })
  const generateMs = since(t)
  if (generated.state !== "completed" || generated.codes_total !== count) {
    throw new Error(`generation ended ${generated.state}: ${JSON.stringify(generated.error)}`)
  }
  const peakAfterGenerate = peakMb()

  // As the route hands it over (the upload's file path), or the bytes with BENCH_CONTENT=base64 / buffer.
  const mode = process.env.BENCH_CONTENT
  const file = mode === "base64" || mode === "buffer" ? readFileSync(csvPath) : undefined
  const source = file ? { content: mode === "buffer" ? file : file.toString("base64") } : { file_path: csvPath }
  await settle(pg)
  t = process.hrtime.bigint()
  const { result: imported } = await importCouponBatchWorkflow(container).run({
    input: { promotion_id: promotion.id, file_name: "bench.csv", ...source },
  })
  const importMs = since(t)
  if (imported.codes_total !== count) {
    throw new Error(`import wrote ${imported.codes_total} codes`)
  }
  await settle(pg)
  const after = await service.retrieveCouponPromotion(promotion.id)
  if (after.codes_total !== 2 * count) {
    throw new Error(`promotion counts ${after.codes_total} codes, expected ${2 * count}`)
  }
  console.log(
    "BENCH_RESULT " +
      JSON.stringify({
        generate_ms: generateMs,
        import_ms: importMs,
        module_boot_rss_mb: mb(bootRss),
        peak_rss_after_generate_mb: peakAfterGenerate,
        peak_rss_mb: peakMb(),
      })
  )
  await app.onApplicationPrepareShutdown()
  await app.onApplicationShutdown()
  await pg.destroy()
  MedusaModule.clearInstances()
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  }
)
