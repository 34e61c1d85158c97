/* eslint-disable no-console */
// The fault suite's clock and tally: the app's job cycles and lease it waits on, the seeded kill delay, log / sleep /
// until (every wait is on an observable state with a deadline), and the checks with the closing `faults:` line.

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

module.exports = {
  SEED,
  MAINTENANCE_CYCLE_MS,
  SETTLE_CYCLE_MS,
  LEASE_SECONDS,
  RESERVATION_TIMEOUT_MINUTES,
  SLACK_MS,
  log,
  sleep,
  seededRandom,
  until,
  results,
  check,
  finish,
}
