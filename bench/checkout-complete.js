/* eslint-disable no-console */
// (e) of `npm run bench`: completing a cart with a coupon vs with a native promotion (bench/checkout-complete.bench.ts)
// on a database of its own, interleaved samples (at least 20 of each), p50/p95 and the ratio of medians.
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { Client } = require("pg")

const ROOT = path.resolve(__dirname, "..")
const medusa = path.join(ROOT, "node_modules", ".bin", "medusa")

async function runCompleteBench({ quick }) {
  const dbName = `medusa-coupon-bench-complete-${process.pid}`
  const admin = new Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${dbName}"`)
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = `/${dbName}`
  const env = { ...process.env, DATABASE_URL: url.toString(), DB_NAME: dbName, LOG_LEVEL: "error" }
  try {
    const migrate = spawnSync(medusa, ["db:migrate"], { cwd: ROOT, env, stdio: "ignore" })
    if (migrate.status !== 0) throw new Error("medusa db:migrate failed (complete bench)")
    const complete = await new Promise((resolve, reject) => {
      const child = spawn(medusa, ["exec", "./bench/checkout-complete.bench.ts"], {
        cwd: ROOT,
        env: { ...env, BENCH_COMPLETE_SAMPLES: quick ? "20" : "40" },
        stdio: ["ignore", "pipe", "inherit"],
      })
      let out = ""
      child.stdout.on("data", (d) => (out += d))
      child.on("exit", (code) => {
        const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "))
        if (code !== 0 || !line) return reject(new Error(`complete bench failed (exit ${code}):\n${out.slice(-4000)}`))
        resolve(JSON.parse(line.slice("BENCH_RESULT ".length)))
      })
    })
    console.log(
      `(e) complete a cart: native promotion p50 ${complete.native.p50} ms, p95 ${complete.native.p95} ms; ` +
        `coupon p50 ${complete.coupon.p50} ms, p95 ${complete.coupon.p95} ms; coupon/native medians ` +
        `${complete.ratio_p50} (target <= 1.2; ${complete.samples} interleaved samples each)`
    )
    return complete
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
    await admin.end()
  }
}

module.exports = { runCompleteBench }
