/* eslint-disable no-console */
// `npm run bench [-- --quick | --scale]`: on one database, in one run, every figure of issue 19 next to its target.
//   (a) raw COPY of N codes into a scratch table with the same unique index as `coupon` (and a text primary key),
//       rows in the order the plugin writes them: codes ascending, ids ascending with them (bench/bulk.js);
//   (b) generating and persisting N codes through the plugin (createGeneratedCouponBatchWorkflow);
//   (c) importing an N-row CSV through the plugin (importCouponBatchWorkflow: parse, validate, clash checks);
//   (c') importing an N-row .xlsx the same way (written by exceljs's streaming WorkbookWriter, shared strings);
//   (a′) for reading c/a, no target: the CSV's codes sorted, COPYed onto a scratch table already holding N codes,
//       as (c) meets the codes (b) wrote (once per round);
//   (a″) for reading b/a, no target: (a) into a table LIKE coupon (columns, defaults, checks, indexes), once per round.
// N = 1,000,000, or 100,000 with --quick. (a) runs once untimed to warm the cluster, then before the first round
// of (b)+(c)+(c') and after every round (BENCH_ROUNDS, default 3); a round's ratios use the mean of the COPYs either
// side of it, so load drifting on a shared machine does not favour either side, and the reported ratios are the
// median over rounds. (b), (c) and (c') run in a process that loads only the coupon module and the local event bus
// (bench/plugin-bench.ts, compiled to JavaScript first as the plugin ships). Import memory: the untimed warm-up round
// runs each phase in a process of its own (and a 2N-row CSV import after them), so each phase's peak RSS minus the
// RSS after module boot is that import's work memory alone. Then (d) apply, (e) complete, (f) redemption reports,
// and (g)–(i) the whole app over HTTP (bench/app-http.js): the promotions list, a small batch's codes.csv with its
// plan, and hostile uploads. --scale: (j) generation at 10M codes (bench/scale.js), and 10M codes for (d), (e),
// (g), (h). Human lines first, then ONE JSON line with every figure. The import workflow gets the file as the import
// route hands it over (the path of the uploaded file); BENCH_CONTENT=base64 or =buffer hands it the bytes instead.
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawnSync } = require("child_process")

const ROOT = path.resolve(__dirname, "..")
const QUICK = process.argv.includes("--quick")
const SCALE = process.argv.includes("--scale")
const { runApplyBench } = require("./checkout-apply")
const { runCompleteBench } = require("./checkout-complete")
const { runStatsBench } = require("./redemption-stats")
const { runAppBench } = require("./app-http")
const { runScaleBench } = require("./scale")
const { benchResult } = require("./checkout-harness")
const { compileBench } = require("./compile")
const { randomCodes, writeCsv, writeXlsx, rawCopy, median, emptyCouponTables } = require("./bulk")
const N = QUICK ? 100_000 : 1_000_000
const SCALE_N = Number(process.env.BENCH_SCALE_COUNT || 10 * N)
const LARGE = SCALE ? SCALE_N : N
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3)
const TARGETS = {
  generate_vs_copy: 1.2,
  import_vs_copy: 1.5,
  import_xlsx_vs_copy: 3,
  import_work_rss_mb: 64,
  peak_rss_mb: 300,
  generate_per_code_growth: 1.2,
  apply_ratio_p50: 1.1,
  complete_ratio_p50: 1.05,
  list_p50_ms: 20,
}
const bin = (name) => path.join(ROOT, "node_modules", ".bin", name)
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`
const count = (n) => n.toLocaleString("en-US")

function runChild(command, args, env) {
  const label = path.basename(args[args.length - 1])
  return benchResult(command, args, { ...process.env, LOG_LEVEL: "error", ...env }, label)
}

async function main() {
  if (process.argv.includes("--complete-only")) {
    console.log(JSON.stringify({ bench: "checkout-complete", quick: QUICK, complete: await runCompleteBench({ quick: QUICK, large: LARGE }) }))
    return
  }
  if (process.argv.includes("--stats-only")) {
    console.log(JSON.stringify({ bench: "redemption-stats", quick: QUICK, stats: await runStatsBench({ quick: QUICK }) }))
    return
  }
  if (process.argv.includes("--apply-only")) {
    console.log(JSON.stringify({ bench: "checkout-apply", quick: QUICK, apply: await runApplyBench({ quick: QUICK, large: LARGE }) }))
    return
  }
  const db = new URL(process.env.DATABASE_URL).pathname.slice(1)
  console.log(`bench: ${count(N)} codes${QUICK ? " (--quick)" : ""}${SCALE ? `, --scale at ${count(SCALE_N)}` : ""}, database ${db}`)
  const migrate = spawnSync(bin("medusa"), ["db:migrate"], { cwd: ROOT, env: process.env, stdio: "ignore" })
  if (migrate.status !== 0) throw new Error("medusa db:migrate failed")
  const compiled = compileBench()
  if (process.argv.includes("--app-only")) {
    console.log(JSON.stringify({ bench: "app-http", quick: QUICK, app: await appBench() }))
    return
  }

  // Baseline codes: the generated kind (10 characters), sorted like the plugin sends them. Imported codes are 11
  // (xlsx), 12 (csv) and 13 (the 2N csv) characters, so no file can clash with another or with generated codes.
  const copyCodes = randomCodes(N, 10).sort()
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "coupon-bench-"))
  const csvPath = path.join(tmp, "codes.csv")
  const xlsxPath = path.join(tmp, "codes.xlsx")
  const csv2Path = path.join(tmp, "codes-2n.csv")
  const csvCodes = randomCodes(N, 12)
  writeCsv(csvPath, csvCodes)
  // (a′) sends the CSV's codes sorted, as the import does, onto a table already holding N generated-like codes.
  const csvSorted = csvCodes.sort()
  // 2N rows counting the header: the default import limit is 2,000,000 rows.
  writeCsv(csv2Path, randomCodes(2 * N - 1, 13))
  let t = Date.now()
  await writeXlsx(xlsxPath, randomCodes(N, 11))
  console.log(`files: ${count(N)}-row CSV ${mbOf(csvPath)} MB, .xlsx ${mbOf(xlsxPath)} MB (written in ${seconds(Date.now() - t)}), ` +
    `${count(2 * N)}-row CSV ${mbOf(csv2Path)} MB`)
  const files = { BENCH_COUNT: String(N), BENCH_CSV: csvPath, BENCH_XLSX: xlsxPath }
  const pluginProcess = (env) => runChild(process.execPath, ["--expose-gc", compiled], { ...files, ...env })

  // Warm-up, untimed: the same COPY once, then one whole plugin round, so WAL segments exist and caches are warm
  // for every timed phase. On a fresh cluster (what scripts/with-db.js starts) the first heavy writes otherwise pay
  // for creating hundreds of MB of WAL files, and which phase that is decides the ratios more than the code does. A
  // COPY alone was not enough: (b) and (c) write more WAL than (a), and with only that warm-up the first timed round
  // came out slowest in both runs that tried (b/a 2.15 and 2.16, c/a 3.43 and 2.96; the later rounds 1.67–2.14 and
  // 2.43–2.88). The warm-up round runs each phase in a process of its own: each import's memory is then its own.
  await rawCopy(copyCodes)
  const warmup = {}
  const copyRuns = []
  const rounds = []
  try {
    await emptyCouponTables()
    for (const phase of ["generate", "csv", "xlsx"]) {
      warmup[phase] = await pluginProcess({ BENCH_PHASES: phase })
    }
    warmup.csv2 = await pluginProcess({ BENCH_PHASES: "csv", BENCH_CSV: csv2Path })
    const w = (name, phase) => warmup[name].phases[phase]
    console.log(
      `warm-up round, not counted: (b) ${seconds(w("generate", "generate").ms)}, (c) ${seconds(w("csv", "csv").ms)}, ` +
        `(c') ${seconds(w("xlsx", "xlsx").ms)}; each in its own process`
    )
    // ROUNDS rounds of (b), (c), (c'), each in a new plugin process on emptied coupon tables (so every round starts
    // where the first did: (b) into an empty table, (c) and (c') against the codes written before them), with (a)
    // before the first round and after every round. A round's ratios divide by the mean of the COPYs on either side
    // of it, and the reported ratio is the median over rounds: on a shared 2-core machine one COPY alone varies by
    // ±30%, which a single pair of runs turns straight into the ratio.
    copyRuns.push(await rawCopy(copyCodes))
    console.log(`(a) raw COPY into a scratch table (text PK + unique code index), sorted rows: ${seconds(copyRuns[0])}`)
    for (let round = 1; round <= ROUNDS; round++) {
      await emptyCouponTables()
      const plugin = await pluginProcess({ BENCH_PHASES: "generate,csv,xlsx" })
      copyRuns.push(await rawCopy(copyCodes))
      const copyMs = Math.round((copyRuns[round - 1] + copyRuns[round]) / 2)
      const ontoExistingMs = await rawCopy(csvSorted, { existing: copyCodes })
      const couponShapedMs = await rawCopy(copyCodes, { couponShaped: true })
      const r = {
        ...plugin,
        raw_copy_ms: copyMs,
        raw_copy_onto_existing_ms: ontoExistingMs,
        import_vs_copy_onto_existing: +(plugin.import_ms / ontoExistingMs).toFixed(2),
        raw_copy_coupon_shaped_ms: couponShapedMs,
        generate_vs_copy_coupon_shaped: +(plugin.generate_ms / couponShapedMs).toFixed(2),
        coupon_shaped_vs_copy: +(couponShapedMs / copyMs).toFixed(2),
        generate_vs_copy: +(plugin.generate_ms / copyMs).toFixed(2),
        import_vs_copy: +(plugin.import_ms / copyMs).toFixed(2),
        import_xlsx_vs_copy: +(plugin.import_xlsx_ms / copyMs).toFixed(2),
      }
      rounds.push(r)
      console.log(
        `round ${round}: (b) generate + persist through the plugin (workflow, all checks) ${seconds(r.generate_ms)}; ` +
          `(c) import a ${count(N)}-row CSV through the plugin (workflow, all checks) ${seconds(r.import_ms)}; ` +
          `(c') the same as .xlsx ${seconds(r.import_xlsx_ms)}; (a) COPY after it ${seconds(copyRuns[round])}; ` +
          `b/a ${r.generate_vs_copy}, c/a ${r.import_vs_copy}, c'/a ${r.import_xlsx_vs_copy} (a = ${seconds(copyMs)}); ` +
          `(a′) the CSV's codes COPYed onto ${count(N)} existing ${seconds(ontoExistingMs)}, c/a′ ${r.import_vs_copy_onto_existing}; ` +
          `(a″) (a) into a table LIKE coupon ${seconds(couponShapedMs)}, a″/a ${r.coupon_shaped_vs_copy}, b/a″ ${r.generate_vs_copy_coupon_shaped}`
      )
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  const app = await runChild(bin("medusa"), ["exec", "./bench/app-boot.ts"], {})
  const result = bulkResult({ warmup, rounds, copyRuns, appBootRss: app.app_boot_rss_mb })
  printBulk(result)
  if (SCALE) {
    result.scale = await runScaleBench({ count: SCALE_N, small: { codes: N, generate_ms: result.generate_ms, raw_copy_ms: result.raw_copy_ms }, pluginProcess })
  }
  if (!process.argv.includes("--bulk-only")) {
    result.apply = await runApplyBench({ quick: QUICK, large: LARGE })
    result.complete = await runCompleteBench({ quick: QUICK, large: LARGE })
    result.stats = await runStatsBench({ quick: QUICK })
    result.app = await appBench()
  }
  console.log(JSON.stringify(result))

  async function appBench() {
    const out = await runAppBench({
      codes: LARGE,
      quick: QUICK,
      bombBytes: (QUICK ? 1 : 2) * 1024 ** 3,
      hugeCellChars: 400_000_000,
    })
    printApp(out)
    return out
  }
}

const mbOf = (file) => (fs.statSync(file).size / (1024 * 1024)).toFixed(1)

function bulkResult({ warmup, rounds, copyRuns, appBootRss }) {
  const memory = (name, phase) => ({
    codes: warmup[name].phases[phase].codes,
    module_boot_rss_mb: warmup[name].module_boot_rss_mb,
    peak_rss_mb: warmup[name].phases[phase].peak_rss_mb,
    work_rss_mb: warmup[name].phases[phase].work_rss_mb,
  })
  const peaks = [...Object.values(warmup), ...rounds].map((r) => ({ peak: r.peak_rss_mb, boot: r.module_boot_rss_mb }))
  const top = peaks.reduce((a, b) => (b.peak > a.peak ? b : a))
  return {
    bench: "bulk-codes",
    codes: N,
    quick: QUICK,
    scale: SCALE,
    rounds: ROUNDS,
    row_order: "sorted",
    import_content: process.env.BENCH_CONTENT || "file_path",
    raw_copy_ms: median(copyRuns),
    raw_copy_runs_ms: copyRuns,
    generate_ms: median(rounds.map((r) => r.generate_ms)),
    import_ms: median(rounds.map((r) => r.import_ms)),
    import_xlsx_ms: median(rounds.map((r) => r.import_xlsx_ms)),
    generate_vs_copy: median(rounds.map((r) => r.generate_vs_copy)),
    import_vs_copy: median(rounds.map((r) => r.import_vs_copy)),
    import_xlsx_vs_copy: median(rounds.map((r) => r.import_xlsx_vs_copy)),
    generate_vs_copy_rounds: rounds.map((r) => r.generate_vs_copy),
    import_vs_copy_rounds: rounds.map((r) => r.import_vs_copy),
    import_xlsx_vs_copy_rounds: rounds.map((r) => r.import_xlsx_vs_copy),
    raw_copy_onto_existing_runs_ms: rounds.map((r) => r.raw_copy_onto_existing_ms),
    import_vs_copy_onto_existing: median(rounds.map((r) => r.import_vs_copy_onto_existing)),
    import_vs_copy_onto_existing_rounds: rounds.map((r) => r.import_vs_copy_onto_existing),
    raw_copy_coupon_shaped_runs_ms: rounds.map((r) => r.raw_copy_coupon_shaped_ms),
    coupon_shaped_vs_copy: median(rounds.map((r) => r.coupon_shaped_vs_copy)),
    coupon_shaped_vs_copy_rounds: rounds.map((r) => r.coupon_shaped_vs_copy),
    generate_vs_copy_coupon_shaped: median(rounds.map((r) => r.generate_vs_copy_coupon_shaped)),
    generate_vs_copy_coupon_shaped_rounds: rounds.map((r) => r.generate_vs_copy_coupon_shaped),
    generate_runs_ms: rounds.map((r) => r.generate_ms),
    import_runs_ms: rounds.map((r) => r.import_ms),
    import_xlsx_runs_ms: rounds.map((r) => r.import_xlsx_ms),
    peak_rss_mb: top.peak,
    plugin_boot_rss_mb: top.boot,
    plugin_rss_growth_mb: top.peak - top.boot,
    peak_rss_after_generate_mb: Math.max(...[warmup.generate, ...rounds].map((r) => r.peak_rss_after_generate_mb)),
    import_memory: {
      per_phase_peaks: Object.values(warmup).every((r) => r.per_phase_peaks),
      csv: memory("csv", "csv"),
      xlsx: memory("xlsx", "xlsx"),
      csv_2n: memory("csv2", "csv"),
    },
    warmup_round_ms: {
      generate: warmup.generate.phases.generate.ms,
      import: warmup.csv.phases.csv.ms,
      import_xlsx: warmup.xlsx.phases.xlsx.ms,
      import_2n: warmup.csv2.phases.csv.ms,
    },
    app_boot_rss_mb: appBootRss,
    targets: TARGETS,
  }
}

function printBulk(r) {
  const m = r.import_memory
  console.log(
    `ratios (median of ${ROUNDS} rounds): b/a ${r.generate_vs_copy} (target <= ${TARGETS.generate_vs_copy}; rounds ` +
      `${r.generate_vs_copy_rounds.join(", ")}), c/a ${r.import_vs_copy} (target <= ${TARGETS.import_vs_copy}; rounds ` +
      `${r.import_vs_copy_rounds.join(", ")}), c'/a (xlsx) ${r.import_xlsx_vs_copy} (target <= ${TARGETS.import_xlsx_vs_copy}; ` +
      `rounds ${r.import_xlsx_vs_copy_rounds.join(", ")})`
  )
  console.log(
    `for reading c/a: (c) meets the ${count(N)} codes (b) wrote, (a) an empty table; (a′) is the same sorted COPY onto ` +
      `a scratch table already holding ${count(N)} codes, and c/a′ ${r.import_vs_copy_onto_existing} (rounds ` +
      `${r.import_vs_copy_onto_existing_rounds.join(", ")}; no target) is what the plugin adds to that. For reading b/a: ` +
      `(a″) is (a) into a table LIKE coupon (its columns, defaults, checks and indexes): a″/a ${r.coupon_shaped_vs_copy} ` +
      `is the schema's own cost, b/a″ ${r.generate_vs_copy_coupon_shaped} (rounds ` +
      `${r.generate_vs_copy_coupon_shaped_rounds.join(", ")}; no target) what the plugin adds to it`
  )
  const work = (f) => `${f.work_rss_mb} MB (peak ${f.peak_rss_mb} MB − ${f.module_boot_rss_mb} MB after module boot)`
  console.log(
    `import memory, each import alone in its process${m.per_phase_peaks ? "" : " (peaks are running maxima: no per-phase reset here)"}: ` +
      `CSV of ${count(m.csv.codes)} ${work(m.csv)}, target <= ${TARGETS.import_work_rss_mb} MB; .xlsx of ` +
      `${count(m.xlsx.codes)} ${work(m.xlsx)}, target <= ${TARGETS.import_work_rss_mb} MB; flat as the file grows: a ` +
      `${count(m.csv_2n.codes + 1)}-row CSV (${count(m.csv_2n.codes)} codes, imported in ` +
      `${seconds(r.warmup_round_ms.import_2n)}) ${work(m.csv_2n)}, next to ${m.csv.work_rss_mb} MB for ${count(m.csv.codes)}`
  )
  console.log(
    `memory: plugin process peak RSS ${r.peak_rss_mb} MB (target <= ${TARGETS.peak_rss_mb}; the highest phase of any process) = ` +
      `${r.plugin_boot_rss_mb} MB after loading the coupon module + ${r.plugin_rss_growth_mb} MB for the work; ` +
      `for comparison the full Medusa app is ${r.app_boot_rss_mb} MB once booted, before any work`
  )
}

function printApp(a) {
  const at = `@ ${count(a.codes)} codes in one promotion (3 batches, 31 promotions)`
  console.log(
    `(g) GET /admin/coupon-promotions ${at}: p50 ${a.list.p50} ms (target <= ${TARGETS.list_p50_ms} ms), p95 ` +
      `${a.list.p95} ms, ${a.list.n} requests; for scale GET /admin/sales-channels p50 ${a.core_sales_channels_list.p50} ms`
  )
  const csv = a.small_batch_codes_csv
  const e = csv.explain
  console.log(
    `(h) codes.csv of the ${count(csv.rows)}-code batch between two big ones ${at}: ${csv.ms_median} ms to stream ` +
      `(median of ${csv.ms_runs.length}); its query ` +
      (e.error
        ? `could not be explained: ${e.error}`
        : `returns ${count(e.rows_returned)} rows touching ${count(e.pages_touched)} pages (shared hit ${e.shared_hit_blocks}, ` +
          `read ${e.shared_read_blocks}) of the coupon table's ${count(e.coupon_table_pages)} pages / ~${count(e.coupon_table_rows)} ` +
          `rows, ${e.execution_ms} ms:\n    ${e.plan.join("\n    ")}`)
  )
  for (const [label, f, size] of [
    ["zip bomb .xlsx", a.zip_bomb_xlsx, `${a.zip_bomb_xlsx.file_mb} MB, sheet unpacks to ${count(a.zip_bomb_xlsx.sheet_unpacked_mb)} MB`],
    ["CSV with one huge cell", a.huge_cell_csv, `${a.huge_cell_csv.file_mb} MB, a cell of ${count(a.huge_cell_csv.cell_chars)} chars`],
  ]) {
    console.log(
      `(i) app refusing a ${label} (${size}): peak RSS growth ${f.peak_rss_growth_mb} MB (from ${f.rss_before_mb} MB to ` +
        `${f.peak_rss_mb} MB), HTTP ${f.status} after ${seconds(f.ms)}: "${f.message}"`
    )
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
