/* eslint-disable no-console */
// Run by bench/run.js in its own process: boots only what the batch workflows need (the coupon module, the local
// event bus, the in-memory workflow engine, a pg pool) through Medusa's module loader, not the HTTP app, then runs the
// same workflows the admin routes run, one phase after another as BENCH_PHASES lists them (default
// "generate,csv"): `generate` makes BENCH_COUNT codes, `csv` imports the CSV at BENCH_CSV, `xlsx` the workbook at
// BENCH_XLSX (both by file_path, as the import route hands an upload over). Prints one `BENCH_RESULT {json}` line:
// each phase's ms, codes, and peak RSS while it ran. A phase's peak is its own: before it the process collects
// garbage and resets the kernel's high-water mark (/proc/self/clear_refs, Linux), and reads it (VmHWM) after. Its
// work memory is that peak minus the RSS once the module had booted. Where the reset is refused, peaks are the
// process's running maximum instead (`per_phase_peaks: false`).
import { readFileSync, writeFileSync } from "fs"
import path from "path"
import { MedusaApp, MedusaModule } from "@medusajs/framework/modules-sdk"
import { ContainerRegistrationKeys, createPgConnection, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../src/modules/coupon"
import type CouponModuleService from "../src/modules/coupon/service"
import { createGeneratedCouponBatchWorkflow } from "../src/workflows/batches/workflows/create-generated-batch"
import { importCouponBatchWorkflow } from "../src/workflows/batches/workflows/import-batch"

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024))
const since = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e6)

/** Resets the peak-RSS mark to the current RSS; false where the kernel does not let us. */
function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5")
    return true
  } catch {
    return false
  }
}
/** The peak RSS (MB) since the last reset (VmHWM), or of the whole process (maxRSS) elsewhere. */
function peakMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))
    if (match) {
      return Math.round(Number(match[1]) / 1024)
    }
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024)
}

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

type Phase = { ms: number; codes: number; peak_rss_mb: number; work_rss_mb: number }

async function main() {
  const count = Number(process.env.BENCH_COUNT)
  const phases = (process.env.BENCH_PHASES || "generate,csv").split(",")
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

  // As the route hands it over (the upload's file path), or the bytes with BENCH_CONTENT=base64 / buffer.
  const importFile = async (file: string, fileName: string) => {
    const mode = process.env.BENCH_CONTENT
    const bytes = mode === "base64" || mode === "buffer" ? readFileSync(file) : undefined
    const source = bytes ? { content: mode === "buffer" ? bytes : bytes.toString("base64") } : { file_path: file }
    const { result } = await importCouponBatchWorkflow(container).run({
      input: { promotion_id: promotion.id, file_name: fileName, ...source },
    })
    return result.codes_total as number
  }
  const work: Record<string, () => Promise<number>> = {
    generate: async () => {
      const { result } = await createGeneratedCouponBatchWorkflow(container).run({
        input: { promotion_id: promotion.id, count, background_threshold: Number.MAX_SAFE_INTEGER },
      })
      if (result.state !== "completed" || result.codes_total !== count) {
        throw new Error(`generation ended ${result.state}: ${JSON.stringify(result.error)}`)
      }
      return count
    },
    csv: () => importFile(process.env.BENCH_CSV!, "bench.csv"),
    xlsx: () => importFile(process.env.BENCH_XLSX!, "bench.xlsx"),
  }

  const results: Record<string, Phase> = {}
  let perPhase = true
  let overallPeak = 0
  let written = 0
  for (const name of phases) {
    if (!work[name]) {
      throw new Error(`unknown phase ${name}`)
    }
    await settle(pg)
    global.gc?.()
    perPhase = resetPeak() && perPhase
    const t = process.hrtime.bigint()
    const codes = await work[name]()
    const ms = since(t)
    const peak = peakMb()
    overallPeak = Math.max(overallPeak, peak)
    written += codes
    results[name] = { ms, codes, peak_rss_mb: peak, work_rss_mb: peak - mb(bootRss) }
  }
  await settle(pg)
  const after = await service.retrieveCouponPromotion(promotion.id)
  if (after.codes_total !== written) {
    throw new Error(`promotion counts ${after.codes_total} codes, expected ${written}`)
  }
  console.log(
    "BENCH_RESULT " +
      JSON.stringify({
        phases: results,
        per_phase_peaks: perPhase,
        module_boot_rss_mb: mb(bootRss),
        peak_rss_mb: overallPeak,
        // The figures bench/run.js has always reported, under their old names.
        generate_ms: results.generate?.ms,
        import_ms: results.csv?.ms,
        import_xlsx_ms: results.xlsx?.ms,
        peak_rss_after_generate_mb: results.generate?.peak_rss_mb,
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
