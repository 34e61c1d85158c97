/* eslint-disable no-console */
// Scenario 2 of test:faults: SIGKILL while a 300,000-row CSV import runs its COPY; no code of the file may exist, the
// dead process's upload is swept, and the same import then succeeds with exactly 300,000 codes.
const fs = require("fs")
const { MAINTENANCE_CYCLE_MS, SLACK_MS, log, until, check } = require("./harness")
const { inGroup, uploadsIn, sizeOf } = require("./uploads")

const IMPORT_ROWS = 300000

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

module.exports = { importCrash }
