/* eslint-disable no-console */
// `npm run bench [-- --quick]`: on one database, in one run,
//   (a) raw COPY of N codes into a scratch table with the same unique index as `coupon` (and a text primary key),
//       rows in the order the plugin writes them: codes ascending, ids ascending with them;
//   (b) generating and persisting N codes through the plugin (createGeneratedCouponBatchWorkflow);
//   (c) importing an N-row CSV through the plugin (importCouponBatchWorkflow: parse, validate, clash checks).
// N = 1,000,000, or 100,000 with --quick. (a) runs once untimed to warm the cluster, then before the first round
// of (b)+(c) and after every round (BENCH_ROUNDS, default 3); a round's ratios use the mean of the COPYs either
// side of it, so load drifting on a shared machine does not favour either side, and the reported ratios are the
// median over rounds. (b) and (c) run in a process that loads only the
// coupon module and the local event bus (bench/plugin-bench.ts, compiled to JavaScript first as the plugin ships);
// its peak RSS is the plugin's figure. The full app's boot RSS is measured separately. Human lines first, then ONE
// JSON line with every figure. The import workflow gets the file as the import route hands it over (the path of
// the uploaded file); BENCH_CONTENT=base64 or =buffer hands it the bytes instead (see import-batch-codes-step.ts).
const fs = require("fs")
const os = require("os")
const path = require("path")
const crypto = require("crypto")
const { spawnSync } = require("child_process")
const { Client } = require("pg")
const { from: copyFrom } = require("pg-copy-streams")
const { Readable } = require("stream")
const { pipeline } = require("stream/promises")

const ROOT = path.resolve(__dirname, "..")
const QUICK = process.argv.includes("--quick")
const { runApplyBench } = require("./checkout-apply")
const { runCompleteBench } = require("./checkout-complete")
const { runStatsBench } = require("./redemption-stats")
const { benchResult } = require("./checkout-harness")
const { compileBench } = require("./compile")
const N = QUICK ? 100_000 : 1_000_000
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3)
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
const bin = (name) => path.join(ROOT, "node_modules", ".bin", name)
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`

function randomCodes(n, length) {
  const set = new Set()
  while (set.size < n) {
    const bytes = crypto.randomBytes(length * 4096)
    for (let i = 0; i + length <= bytes.length && set.size < n; i += length) {
      let code = ""
      for (let j = 0; j < length; j++) code += ALPHABET[bytes[i + j] % ALPHABET.length]
      set.add(code)
    }
  }
  return Array.from(set)
}

async function rawCopy(codes) {
  const client = new Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    await client.query(`DROP TABLE IF EXISTS bench_copy_scratch`)
    await client.query(`CREATE TABLE bench_copy_scratch (id text PRIMARY KEY, code text NOT NULL, promotion_id text NOT NULL)`)
    await client.query(`CREATE UNIQUE INDEX bench_copy_scratch_code ON bench_copy_scratch (code)`)
    await waitForAutovacuum(client)
    await client.query(`CHECKPOINT`).catch(() => undefined)
    // The same id shape as the plugin's: a 26-char prefix-plus-counter id, ascending.
    const prefix = `coupon_${Date.now().toString(36).toUpperCase().padStart(16, "0")}`
    const started = process.hrtime.bigint()
    const stream = client.query(copyFrom(`COPY bench_copy_scratch (id, code, promotion_id) FROM STDIN`))
    function* lines() {
      for (let i = 0; i < codes.length; i += 4096) {
        let out = ""
        for (let j = i; j < Math.min(codes.length, i + 4096); j++) {
          out += `${prefix}${(j + 1).toString(16).toUpperCase().padStart(10, "0")}\t${codes[j]}\tcpromo_bench\n`
        }
        yield out
      }
    }
    await pipeline(Readable.from(lines()), stream)
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    await client.query(`DROP TABLE bench_copy_scratch`)
    return Math.round(ms)
  } finally {
    await client.end()
  }
}

const median = (values) => {
  const sorted = values.slice().sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : +((sorted[mid - 1] + sorted[mid]) / 2).toFixed(2)
}

/** Waits (up to a minute) until no autovacuum worker runs in this database, so none runs inside a timed COPY. */
async function waitForAutovacuum(client) {
  for (let i = 0; i < 600; i++) {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`
    )
    if (rows[0].n === 0) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Empties the plugin's tables between rounds (the bench's own throwaway database), so each round starts alike. */
async function emptyCouponTables() {
  const client = new Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    await client.query(`TRUNCATE coupon_promotion, coupon_batch, coupon CASCADE`)
    await client.query(`CHECKPOINT`).catch(() => undefined)
  } finally {
    await client.end()
  }
}

function runChild(command, args, env) {
  const label = path.basename(args[args.length - 1])
  return benchResult(command, args, { ...process.env, LOG_LEVEL: "error", ...env }, label)
}

async function main() {
  if (process.argv.includes("--complete-only")) {
    console.log(JSON.stringify({ bench: "checkout-complete", quick: QUICK, complete: await runCompleteBench({ quick: QUICK }) }))
    return
  }
  if (process.argv.includes("--stats-only")) {
    console.log(JSON.stringify({ bench: "redemption-stats", quick: QUICK, stats: await runStatsBench({ quick: QUICK }) }))
    return
  }
  if (process.argv.includes("--apply-only")) {
    console.log(JSON.stringify({ bench: "checkout-apply", quick: QUICK, apply: await runApplyBench({ quick: QUICK }) }))
    return
  }
  const db = new URL(process.env.DATABASE_URL).pathname.slice(1)
  console.log(`bench: ${N.toLocaleString("en-US")} codes${QUICK ? " (--quick)" : ""}, database ${db}`)
  const migrate = spawnSync(bin("medusa"), ["db:migrate"], { cwd: ROOT, env: process.env, stdio: "ignore" })
  if (migrate.status !== 0) throw new Error("medusa db:migrate failed")

  // Baseline codes: the generated kind (10 characters), sorted like the plugin sends them.
  const copyCodes = randomCodes(N, 10).sort()
  // Import codes: 12 characters, so they can never clash with the 10-character generated ones.
  const csvPath = path.join(os.tmpdir(), `coupon-bench-${process.pid}.csv`)
  fs.writeFileSync(csvPath, "code\n" + randomCodes(N, 12).join("\n") + "\n")

  // Warm-up, untimed: the same COPY once, then one whole plugin round, so WAL segments exist and caches are warm
  // for every timed phase. On a fresh cluster (what scripts/with-db.js starts) the first heavy writes otherwise pay
  // for creating hundreds of MB of WAL files, and which phase that is decides the ratios more than the code does. A
  // COPY alone was not enough: (b) and (c) write more WAL than (a), and with only that warm-up the first timed round
  // came out slowest in both runs that tried (b/a 2.15 and 2.16, c/a 3.43 and 2.96; the later rounds 1.67–2.14 and
  // 2.43–2.88).
  await rawCopy(copyCodes)
  const pluginRound = () =>
    runChild(process.execPath, ["--expose-gc", compileBench()], { BENCH_COUNT: String(N), BENCH_CSV: csvPath })
  let warmup
  const copyRuns = []
  const rounds = []
  try {
    await emptyCouponTables()
    warmup = await pluginRound()
    console.log(
      `warm-up round, not counted: (b) ${seconds(warmup.generate_ms)}, (c) ${seconds(warmup.import_ms)}, ` +
        `peak RSS ${warmup.peak_rss_mb} MB`
    )
    // ROUNDS rounds of (b) then (c), each in a new plugin process on emptied coupon tables (so every round starts
    // where the first did: (b) into an empty table, (c) against the N codes (b) just wrote), with (a) before the
    // first round and after every round. A round's ratios divide by the mean of the COPYs on either side of it, and
    // the reported ratio is the median over rounds: on a shared 2-core machine one COPY alone varies by ±30%, which
    // a single pair of runs turns straight into the ratio.
    copyRuns.push(await rawCopy(copyCodes))
    console.log(`(a) raw COPY into a scratch table (text PK + unique code index), sorted rows: ${seconds(copyRuns[0])}`)
    for (let round = 1; round <= ROUNDS; round++) {
      await emptyCouponTables()
      const plugin = await pluginRound()
      copyRuns.push(await rawCopy(copyCodes))
      const copyMs = Math.round((copyRuns[round - 1] + copyRuns[round]) / 2)
      const r = {
        ...plugin,
        raw_copy_ms: copyMs,
        generate_vs_copy: +(plugin.generate_ms / copyMs).toFixed(2),
        import_vs_copy: +(plugin.import_ms / copyMs).toFixed(2),
      }
      rounds.push(r)
      console.log(
        `round ${round}: (b) generate + persist through the plugin (workflow, all checks) ${seconds(r.generate_ms)}; ` +
          `(c) import a ${N.toLocaleString("en-US")}-row CSV through the plugin (workflow, all checks) ` +
          `${seconds(r.import_ms)}; (a) COPY after it ${seconds(copyRuns[round])}; ` +
          `b/a ${r.generate_vs_copy}, c/a ${r.import_vs_copy} (a = ${seconds(copyMs)})`
      )
    }
  } finally {
    fs.rmSync(csvPath, { force: true })
  }
  const app = await runChild(bin("medusa"), ["exec", "./bench/app-boot.ts"], {})

  // The warm-up round's memory counts: it is the same work in the same kind of process.
  const peak = Math.max(warmup.peak_rss_mb, ...rounds.map((r) => r.peak_rss_mb))
  const peakRound = [warmup, ...rounds].find((r) => r.peak_rss_mb === peak)
  const result = {
    bench: "bulk-codes",
    codes: N,
    quick: QUICK,
    rounds: ROUNDS,
    row_order: "sorted",
    import_content: process.env.BENCH_CONTENT || "file_path",
    raw_copy_ms: median(copyRuns),
    raw_copy_runs_ms: copyRuns,
    generate_ms: median(rounds.map((r) => r.generate_ms)),
    import_ms: median(rounds.map((r) => r.import_ms)),
    generate_vs_copy: median(rounds.map((r) => r.generate_vs_copy)),
    import_vs_copy: median(rounds.map((r) => r.import_vs_copy)),
    generate_vs_copy_rounds: rounds.map((r) => r.generate_vs_copy),
    import_vs_copy_rounds: rounds.map((r) => r.import_vs_copy),
    generate_runs_ms: rounds.map((r) => r.generate_ms),
    import_runs_ms: rounds.map((r) => r.import_ms),
    peak_rss_mb: peak,
    plugin_boot_rss_mb: peakRound.module_boot_rss_mb,
    plugin_rss_growth_mb: peak - peakRound.module_boot_rss_mb,
    peak_rss_after_generate_mb: Math.max(warmup.peak_rss_after_generate_mb, ...rounds.map((r) => r.peak_rss_after_generate_mb)),
    warmup_round_ms: { generate: warmup.generate_ms, import: warmup.import_ms },
    app_boot_rss_mb: app.app_boot_rss_mb,
    targets: { generate_vs_copy: 2, import_vs_copy: 3, peak_rss_mb: 300 },
  }
  console.log(
    `ratios (median of ${ROUNDS} rounds): b/a ${result.generate_vs_copy} (target <= 2; rounds ` +
      `${result.generate_vs_copy_rounds.join(", ")}), c/a ${result.import_vs_copy} (target <= 3; rounds ` +
      `${result.import_vs_copy_rounds.join(", ")})`
  )
  console.log(
    `memory: plugin process peak RSS ${result.peak_rss_mb} MB (target <= 300; the highest round) = ${result.plugin_boot_rss_mb} MB after ` +
      `loading the coupon module + ${result.plugin_rss_growth_mb} MB for the work; ` +
      `for comparison the full Medusa app is ${result.app_boot_rss_mb} MB once booted, before any work`
  )
  if (!process.argv.includes("--bulk-only")) {
    result.apply = await runApplyBench({ quick: QUICK })
    result.complete = await runCompleteBench({ quick: QUICK })
    result.stats = await runStatsBench({ quick: QUICK })
  }
  console.log(JSON.stringify(result))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
