/* eslint-disable no-console */
// (g)–(i) of `npm run bench`: the whole app serving HTTP (`medusa start`, admin UI off) on a database of its own, an
// admin logged in through POST /auth/user/emailpass, and one promotion holding BENCH codes in several batches made
// through the admin API (generated in the background as the route does for large counts), 30 small promotions
// around it. Then:
//   (g) GET /admin/coupon-promotions (the list with its counters): p50/p95 of 50 requests after 20 warm-ups;
//   (h) a small batch's codes.csv (GET …/batches/:batch_id/codes.csv) between the big batches: the time to stream it
//       whole, and EXPLAIN (ANALYZE, BUFFERS) of the query the route runs (built by the plugin's own couponSelect),
//       to show how many rows and pages it reads;
//   (i) two hostile uploads to POST …/batches/import: a zip bomb .xlsx and a CSV with one huge cell. The app's peak
//       RSS growth while refusing each is read from the kernel: the server's peak mark is reset
//       (/proc/<pid>/clear_refs) just before the upload, and its VmHWM minus its RSS then is the growth.
// The app runs with importMaxBytes 512 MB so both files reach the readers (the default 50 MB would stop the CSV at
// the upload limit instead).
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { Client } = require("pg")
const { writeZipBombXlsx, writeHugeCellCsv } = require("./hostile-files")
const { explainBatchCodes } = require("./explain-codes")

const ROOT = path.resolve(__dirname, "..")
const medusa = path.join(ROOT, "node_modules", ".bin", "medusa")
const MB = 1024 * 1024
const EMAIL = "bench-admin@coupons.test"
const PASSWORD = "bench-password-1"
const SMALL_BATCH = 1000

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const status = (pid) => fs.readFileSync(`/proc/${pid}/status`, "utf8")
const kb = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status(pid))[1])
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return { p50: +percentile(sorted, 50).toFixed(1), p95: +percentile(sorted, 95).toFixed(1), n: samples.length }
}

async function startServer(env, port) {
  const server = spawn(medusa, ["start", "--port", String(port)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
  let log = ""
  server.stdout.on("data", (d) => (log = (log + d).slice(-4000)))
  server.stderr.on("data", (d) => (log = (log + d).slice(-4000)))
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`medusa start exited ${server.exitCode}:\n${log}`)
    const up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)
    if (up) return server
    await sleep(500)
  }
  server.kill("SIGKILL")
  throw new Error(`medusa start did not answer /health within 5 minutes:\n${log}`)
}

function client(port, token) {
  const call = async (method, url, body) => {
    const res = await fetch(`http://127.0.0.1:${port}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 500)}`)
    return text ? JSON.parse(text) : null
  }
  return { get: (url) => call("GET", url), post: (url, body) => call("POST", url, body) }
}

/** Generates `count` codes into a new batch of `promotionId` through the admin API and waits until it is done. */
async function generateBatch(api, promotionId, count) {
  const { batch } = await api.post(`/admin/coupon-promotions/${promotionId}/batches`, { generate: { count } })
  for (;;) {
    const { batch: now } = await api.get(`/admin/coupon-promotions/${promotionId}/batches/${batch.id}`)
    if (now.state === "completed") return now
    if (now.state === "failed") throw new Error(`batch ${batch.id} failed: ${JSON.stringify(now.error ?? now)}`)
    await sleep(1000)
  }
}

/** Sends `file` to the import route; resolves with the app's peak RSS growth (MB), the status, message and ms. */
async function hostileUpload(port, token, pid, promotionId, file, name) {
  const form = new FormData()
  form.append("file", await fs.openAsBlob(file), name)
  fs.writeFileSync(`/proc/${pid}/clear_refs`, "5")
  const before = kb(pid, "VmRSS")
  const started = Date.now()
  const res = await fetch(`http://127.0.0.1:${port}/admin/coupon-promotions/${promotionId}/batches/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  })
  const body = await res.text()
  const ms = Date.now() - started
  let message = body.slice(0, 300)
  try {
    message = JSON.parse(body).message ?? message
  } catch {
    // not JSON: keep the text
  }
  return {
    file_mb: +(fs.statSync(file).size / MB).toFixed(1),
    status: res.status,
    message,
    ms,
    rss_before_mb: Math.round(before / 1024),
    peak_rss_mb: Math.round(kb(pid, "VmHWM") / 1024),
    peak_rss_growth_mb: Math.round((kb(pid, "VmHWM") - before) / 1024),
  }
}

async function timeStream(url, token) {
  const started = process.hrtime.bigint()
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  const text = await res.text()
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`)
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, lines: text.trimEnd().split("\n").length }
}

async function runAppBench({ codes, quick, bombBytes, hugeCellChars }) {
  const dbName = `medusa-coupon-bench-app-${process.pid}`
  const admin = new Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${dbName}"`)
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = `/${dbName}`
  const port = 9300 + (process.pid % 500)
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    DB_NAME: dbName,
    LOG_LEVEL: "error",
    ADMIN_DISABLED: "true",
    COUPON_IMPORT_MAX_BYTES: String(512 * MB),
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "coupon-bench-app-"))
  let server
  try {
    for (const args of [["db:migrate"], ["user", "-e", EMAIL, "-p", PASSWORD]]) {
      const r = spawnSync(medusa, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] })
      if (r.status !== 0) throw new Error(`medusa ${args[0]} failed (app bench): ${String(r.stderr).slice(-2000)}`)
    }
    server = await startServer(env, port)
    const bootRssMb = Math.round(kb(server.pid, "VmRSS") / 1024)
    const login = await fetch(`http://127.0.0.1:${port}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    }).then((r) => r.json())
    if (!login.token) throw new Error(`admin login failed: ${JSON.stringify(login)}`)
    const api = client(port, login.token)

    const promotion = (body) => api.post("/admin/coupon-promotions", body).then((r) => r.coupon_promotion)
    const big = await promotion({
      custom_id: "BENCH-BIG",
      name: "Bench big promotion",
      coupon_type: "promotion_code",
      discount_type: "percentage",
      discount_value: 10,
    })
    for (let i = 0; i < 30; i++) {
      await promotion({
        custom_id: `BENCH-${i}`,
        name: `Bench promotion ${i}`,
        coupon_type: i % 2 ? "personal" : "promotion_code",
        discount_type: "percentage",
        discount_value: 5 + i,
      })
    }
    // Several batches in the big promotion, the small one between two big ones.
    let t = Date.now()
    const half = Math.floor((codes - SMALL_BATCH) / 2)
    await generateBatch(api, big.id, half)
    const small = await generateBatch(api, big.id, SMALL_BATCH)
    await generateBatch(api, big.id, codes - SMALL_BATCH - half)
    const generateMs = Date.now() - t
    const db = new Client({ connectionString: env.DATABASE_URL })
    await db.connect()
    try {
      await db.query(`VACUUM ANALYZE coupon, coupon_batch, coupon_promotion`)
      await db.query(`CHECKPOINT`).catch(() => undefined)

      // (g) the list
      const time = async (path_, runs, warm) => {
        for (let i = 0; i < warm; i++) await api.get(path_)
        const samples = []
        for (let i = 0; i < runs; i++) {
          const started = process.hrtime.bigint()
          await api.get(path_)
          samples.push(Number(process.hrtime.bigint() - started) / 1e6)
        }
        return summary(samples)
      }
      const check = await api.get("/admin/coupon-promotions?q=BENCH-BIG")
      const listed = check.coupon_promotions.find((p) => p.id === big.id)
      if (!listed || listed.codes_total !== codes) throw new Error(`the list shows ${listed?.codes_total} codes, expected ${codes}`)
      const list = await time("/admin/coupon-promotions", quick ? 30 : 50, 20)
      const core = await time("/admin/sales-channels?limit=20", quick ? 30 : 50, 10)

      // (h) one small batch's codes.csv
      const csvUrl = `http://127.0.0.1:${port}/admin/coupon-promotions/${big.id}/batches/${small.id}/codes.csv`
      await timeStream(csvUrl, login.token)
      const streams = []
      for (let i = 0; i < (quick ? 5 : 10); i++) streams.push(await timeStream(csvUrl, login.token))
      if (streams[0].lines !== SMALL_BATCH + 1) throw new Error(`codes.csv had ${streams[0].lines} lines, expected ${SMALL_BATCH + 1}`)
      const explain = await explainBatchCodes(db, { promotion_id: big.id, batch_id: small.id }).catch((e) => ({
        error: String(e.message || e),
      }))

      // (i) hostile uploads
      const bomb = path.join(tmp, "zip-bomb.xlsx")
      await writeZipBombXlsx(bomb, bombBytes)
      const hugeCsv = path.join(tmp, "huge-cell.csv")
      writeHugeCellCsv(hugeCsv, hugeCellChars)
      const zipBomb = await hostileUpload(port, login.token, server.pid, big.id, bomb, "zip-bomb.xlsx")
      fs.rmSync(bomb, { force: true })
      const hugeCell = await hostileUpload(port, login.token, server.pid, big.id, hugeCsv, "huge-cell.csv")
      fs.rmSync(hugeCsv, { force: true })
      return {
        codes,
        promotions: 31,
        batches: 3,
        generate_through_api_ms: generateMs,
        app_boot_rss_mb: bootRssMb,
        list: { ...list, target_p50_ms: 20 },
        core_sales_channels_list: core,
        small_batch_codes_csv: {
          rows: SMALL_BATCH,
          ms_median: +summary(streams.map((s) => s.ms)).p50.toFixed(1),
          ms_runs: streams.map((s) => +s.ms.toFixed(1)),
          explain,
        },
        zip_bomb_xlsx: { sheet_unpacked_mb: Math.round(bombBytes / MB), ...zipBomb },
        huge_cell_csv: { cell_chars: hugeCellChars, ...hugeCell },
        import_max_bytes_mb: 512,
      }
    } finally {
      await db.end()
    }
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM")
      await Promise.race([new Promise((resolve) => server.once("exit", resolve)), sleep(15000)])
      if (server.exitCode === null) server.kill("SIGKILL")
    }
    fs.rmSync(tmp, { recursive: true, force: true })
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
    await admin.end()
  }
}

module.exports = { runAppBench }
