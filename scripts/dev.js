/* eslint-disable no-console */
// `npm run dev`: a demo store running this plugin's src/ as a Medusa app.
// Database: DATABASE_URL / DB_* when set, else an embedded PostgreSQL kept in ./.pgdata/dev between runs.
// Migrates, seeds the demo store once, prints the admin login and publishable key, then runs `medusa develop`.
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { ensureDbServer, createDatabaseIfMissing, urlFromDbEnv, ROOT } = require("./db")

const medusaBin = path.join(ROOT, "node_modules", ".bin", "medusa")

function run(args, env, { capture = false } = {}) {
  const r = spawnSync(medusaBin, args, { cwd: ROOT, env, stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit" })
  if (r.status !== 0) {
    if (capture && r.stdout) process.stdout.write(r.stdout)
    throw new Error(`medusa ${args.join(" ")} failed with exit code ${r.status}`)
  }
  return capture ? r.stdout.toString() : ""
}

async function main() {
  const ephemeral = process.env.COUPON_DEV_EPHEMERAL_DB === "true"
  const server = await ensureDbServer({ name: ephemeral ? "dev-check" : "dev", persistent: !ephemeral })
  const dbName = process.env.DB_NAME || "medusa-coupon-dev"
  await createDatabaseIfMissing(server.env, dbName)
  const port = process.env.PORT || "9000"
  const env = {
    ...process.env,
    ...server.env,
    DATABASE_URL: process.env.DATABASE_URL || urlFromDbEnv(server.env, dbName),
    PORT: port,
    MEDUSA_DISABLE_TELEMETRY: "true",
  }

  console.log("[dev] migrating…")
  run(["db:migrate"], env)
  console.log("[dev] seeding the demo store (first run only)…")
  const out = run(["exec", "./dev/seed.ts"], env, { capture: true })
  const line = out.split("\n").find((l) => l.includes("DEMO_STORE "))
  if (!line) {
    process.stdout.write(out)
    throw new Error("the seed script did not report the demo store")
  }
  const demo = JSON.parse(line.slice(line.indexOf("DEMO_STORE ") + "DEMO_STORE ".length))
  console.log(
    [
      "",
      "  Coupon batches demo store",
      `  Admin:            http://localhost:${port}/app`,
      `  Admin login:      ${demo.email} / ${demo.password}`,
      `  Publishable key:  ${demo.publishableKey}`,
      `  Store API:        http://localhost:${port}/store (header x-publishable-api-key)`,
      "",
    ].join("\n")
  )

  const child = spawn(medusaBin, ["develop"], { cwd: ROOT, env, stdio: "inherit", detached: true })
  let stopping = false
  const stop = async (code) => {
    if (stopping) return
    stopping = true
    try {
      process.kill(-child.pid, "SIGTERM")
    } catch {}
    await new Promise((r) => setTimeout(r, 1500))
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {}
    await server.stop()
    process.exit(code)
  }
  process.on("SIGINT", () => stop(0))
  process.on("SIGTERM", () => stop(0))
  child.on("exit", (code) => stop(code ?? 0))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
