/* eslint-disable no-console */
// (d) of `npm run bench`: applying a coupon code vs a native promotion code (bench/checkout-apply.bench.ts), on a
// database of its own: the bulk-code bench leaves millions of codes behind, and "1,000 codes in the system" has to
// mean 1,000. Interleaved samples, p50/p95, ratio of medians; 1,000 and 1,000,000 codes (100,000 with --quick).
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { Client } = require("pg")

const ROOT = path.resolve(__dirname, "..")
const medusa = path.join(ROOT, "node_modules", ".bin", "medusa")

async function runApplyBench({ quick }) {
  const dbName = `medusa-coupon-bench-apply-${process.pid}`
  const admin = new Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${dbName}"`)
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = `/${dbName}`
  const env = { ...process.env, DATABASE_URL: url.toString(), DB_NAME: dbName, LOG_LEVEL: "error" }
  try {
    const migrate = spawnSync(medusa, ["db:migrate"], { cwd: ROOT, env, stdio: "ignore" })
    if (migrate.status !== 0) throw new Error("medusa db:migrate failed (apply bench)")
    const apply = await new Promise((resolve, reject) => {
      const child = spawn(medusa, ["exec", "./bench/checkout-apply.bench.ts"], {
        cwd: ROOT,
        env: {
          ...env,
          BENCH_APPLY_SAMPLES: quick ? "20" : "60",
          BENCH_APPLY_SIZES: quick ? "1000,100000" : "1000,1000000",
        },
        stdio: ["ignore", "pipe", "inherit"],
      })
      let out = ""
      child.stdout.on("data", (d) => (out += d))
      child.on("exit", (code) => {
        const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "))
        if (code !== 0 || !line) return reject(new Error(`apply bench failed (exit ${code}):\n${out.slice(-4000)}`))
        resolve(JSON.parse(line.slice("BENCH_RESULT ".length)))
      })
    })
    for (const [size, f] of Object.entries(apply.sizes)) {
      console.log(
        `(d) apply a code @ ${Number(size).toLocaleString("en-US")} codes: native p50 ${f.native.p50} ms, p95 ${f.native.p95} ms; ` +
          `coupon p50 ${f.coupon.p50} ms, p95 ${f.coupon.p95} ms; coupon/native medians ${f.ratio_p50} ` +
          `(target <= 1.3; ${apply.samples} interleaved samples each)`
      )
    }
    return apply
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
    await admin.end()
  }
}

module.exports = { runApplyBench }
