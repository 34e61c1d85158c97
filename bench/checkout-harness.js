// The Node side of the checkout benches, (d) apply and (e) complete of `npm run bench`: a database of their own
// (made next to DATABASE_URL's, migrated, dropped after), the bench script run there by `medusa exec`, and the one
// `BENCH_RESULT {json}` line a bench child prints (bench/run.js reads its other children's the same way).
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { Client } = require("pg")

const ROOT = path.resolve(__dirname, "..")
const medusa = path.join(ROOT, "node_modules", ".bin", "medusa")

/**
 * Runs `command args` in the repo with `env`, its stderr passed through; resolves with the JSON of its
 * `BENCH_RESULT` line, rejects with `<label> failed (exit N)` and the output's tail when it fails or prints none.
 */
function benchResult(command, args, env, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (d) => (out += d))
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "))
      if (code !== 0 || !line) return reject(new Error(`${label} failed (exit ${code}):\n${out.slice(-4000)}`))
      resolve(JSON.parse(line.slice("BENCH_RESULT ".length)))
    })
  })
}

/**
 * Creates `medusa-coupon-bench-<name>-<pid>`, migrates it, runs `medusa exec ./bench/<script>` on it with `benchEnv`
 * on top, drops it; resolves with the script's BENCH_RESULT. `name` ("apply", "complete") also labels failures.
 */
async function runCheckoutBench({ name, script, env: benchEnv }) {
  const dbName = `medusa-coupon-bench-${name}-${process.pid}`
  const admin = new Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${dbName}"`)
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = `/${dbName}`
  const env = { ...process.env, DATABASE_URL: url.toString(), DB_NAME: dbName, LOG_LEVEL: "error" }
  try {
    const migrate = spawnSync(medusa, ["db:migrate"], { cwd: ROOT, env, stdio: "ignore" })
    if (migrate.status !== 0) throw new Error(`medusa db:migrate failed (${name} bench)`)
    return await benchResult(medusa, ["exec", `./bench/${script}`], { ...env, ...benchEnv }, `${name} bench`)
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
    await admin.end()
  }
}

module.exports = { benchResult, runCheckoutBench }
