/* eslint-disable no-console */
// `npm run bench [-- --quick]`: on one database, (a) raw COPY of N codes into a scratch table with the same
// unique index as `coupon`, (b) generating and persisting N codes through the plugin, (c) importing an N-row CSV
// through the plugin (all checks on). N = 1,000,000, or 100,000 with --quick. Human lines, then ONE JSON line.
const fs = require("fs")
const os = require("os")
const path = require("path")
const crypto = require("crypto")
const { spawnSync, spawn } = require("child_process")
const { Client } = require("pg")
const { from: copyFrom } = require("pg-copy-streams")
const { Readable } = require("stream")
const { pipeline } = require("stream/promises")

const ROOT = path.resolve(__dirname, "..")
const QUICK = process.argv.includes("--quick")
const N = QUICK ? 100_000 : 1_000_000
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
const medusa = path.join(ROOT, "node_modules", ".bin", "medusa")

function randomCodes(n, length = 10) {
  const set = new Set()
  while (set.size < n) {
    const bytes = crypto.randomBytes(length * 2048)
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
    await client.query(
      `CREATE TABLE bench_copy_scratch (id text PRIMARY KEY, code text NOT NULL, promotion_id text NOT NULL)`
    )
    await client.query(`CREATE UNIQUE INDEX bench_copy_scratch_code ON bench_copy_scratch (code)`)
    const prefix = `coupon_${Date.now().toString(36).toUpperCase()}`
    const started = process.hrtime.bigint()
    const stream = client.query(copyFrom(`COPY bench_copy_scratch (id, code, promotion_id) FROM STDIN`))
    function* lines() {
      for (let i = 0; i < codes.length; i += 4096) {
        let out = ""
        for (let j = i; j < Math.min(codes.length, i + 4096); j++) out += `${prefix}${j}\t${codes[j]}\tcpromo_bench\n`
        yield out
      }
    }
    await pipeline(Readable.from(lines()), stream)
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    await client.query(`DROP TABLE bench_copy_scratch`)
    return ms
  } finally {
    await client.end()
  }
}

function runPlugin(csvPath) {
  return new Promise((resolve, reject) => {
    const child = spawn(medusa, ["exec", "./bench/plugin-bench.ts"], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "error", BENCH_COUNT: String(N), BENCH_CSV: csvPath },
      stdio: ["ignore", "pipe", "inherit"],
    })
    let out = ""
    child.stdout.on("data", (d) => (out += d))
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "))
      if (code !== 0 || !line) return reject(new Error(`plugin bench failed (exit ${code}):\n${out.slice(-4000)}`))
      resolve(JSON.parse(line.slice("BENCH_RESULT ".length)))
    })
  })
}

async function main() {
  console.log(`bench: ${N.toLocaleString("en-US")} codes${QUICK ? " (--quick)" : ""}, database ${new URL(process.env.DATABASE_URL).pathname.slice(1)}`)
  const migrate = spawnSync(medusa, ["db:migrate"], { cwd: ROOT, env: process.env, stdio: "ignore" })
  if (migrate.status !== 0) throw new Error("medusa db:migrate failed")

  const copyCodes = randomCodes(N)
  const copyMs = await rawCopy(copyCodes)
  console.log(`(a) raw COPY into scratch table (PK + unique code index): ${(copyMs / 1000).toFixed(2)} s`)

  // Import codes: 12 characters, so they cannot collide with the 10-character generated ones.
  const csvPath = path.join(os.tmpdir(), `coupon-bench-${process.pid}.csv`)
  fs.writeFileSync(csvPath, "code\n" + randomCodes(N, 12).join("\n") + "\n")
  let plugin
  try {
    plugin = await runPlugin(csvPath)
  } finally {
    fs.rmSync(csvPath, { force: true })
  }
  console.log(`(b) generate + persist through the plugin: ${(plugin.generate_ms / 1000).toFixed(2)} s`)
  console.log(`(c) import CSV through the plugin: ${(plugin.import_ms / 1000).toFixed(2)} s`)
  const result = {
    codes: N,
    quick: QUICK,
    raw_copy_ms: Math.round(copyMs),
    generate_ms: plugin.generate_ms,
    import_ms: plugin.import_ms,
    generate_vs_copy: +(plugin.generate_ms / copyMs).toFixed(2),
    import_vs_copy: +(plugin.import_ms / copyMs).toFixed(2),
    peak_rss_mb: plugin.peak_rss_mb,
    boot_rss_mb: plugin.boot_rss_mb,
  }
  console.log(`ratios: b/a ${result.generate_vs_copy}, c/a ${result.import_vs_copy}; plugin process peak RSS ${result.peak_rss_mb} MB (after boot ${result.boot_rss_mb} MB)`)
  console.log(JSON.stringify(result))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
