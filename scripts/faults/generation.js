/* eslint-disable no-console */
// Scenario 1 of test:faults: SIGKILL while a 200,000-code background generation runs (claimed, rows sent, nothing
// committed); after the lease the job generates the batch again and it completes with exactly 200,000 live codes.
const { MAINTENANCE_CYCLE_MS, LEASE_SECONDS, SLACK_MS, log, until, check } = require("./harness")

const GENERATE_COUNT = 200000

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

module.exports = { generationCrash }
