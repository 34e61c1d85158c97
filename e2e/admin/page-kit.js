/* eslint-disable no-console */
// What every admin step uses on the one browser page: `step` (a named check that stops the run on failure and leaves
// a failure screenshot), `shot` (a docs screenshot), `expectVisible`, `logIn`, and `goto` (logs in again if asked).
const path = require("path")
const { waitForStableServer } = require("./dev-server")

// The first admin load in `medusa develop` waits for Vite to optimize dependencies.
const FIRST_LOAD_MS = 240000
const STEP_MS = 60000

/** The helpers for `page`; each step's outcome goes into `results`, screenshots into `shots` and `failures`. */
function pageKit({ page, base, creds, results, shots, failures }) {
  const shot = async (name, target = page) => {
    await page.waitForTimeout(400) // let toasts and transitions settle
    await target.screenshot({ path: path.join(shots, `${name}.png`) })
  }
  const step = async (name, fn) => {
    await waitForStableServer(base)
    const started = Date.now()
    try {
      if (results.length && new URL(page.url()).pathname.includes("/login")) {
        await logIn()
      }
      await fn()
      results.push({ name, ok: true })
      console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    } catch (e) {
      results.push({ name, ok: false })
      console.log(`  ✗ ${name}: ${e.message.split("\n").slice(0, 6).join("\n    ")}`)
      await page.screenshot({ path: path.join(failures, `failed-${results.length}.png`) }).catch(() => {})
      throw Object.assign(new Error("stop"), { stop: true })
    }
  }
  const expectVisible = (locator, timeout) => locator.first().waitFor({ state: "visible", timeout })
  const logIn = async () => {
    await page.locator('input[name="email"]').fill(creds.email)
    await page.locator('input[name="password"]').fill(creds.password)
    await page.getByRole("button", { name: /Continue/ }).click()
    await page.waitForURL((u) => !u.pathname.includes("/login"), { timeout: 60000 })
  }
  // Sessions live in the dev server's memory: after a restart (see waitForStableServer) the admin asks to log in again.
  const goto = async (url) => {
    await page.goto(url, { timeout: FIRST_LOAD_MS })
    await page.waitForLoadState("networkidle").catch(() => {})
    if (new URL(page.url()).pathname.includes("/login")) {
      await page.locator('input[name="email"]').waitFor({ timeout: FIRST_LOAD_MS })
      await logIn()
      await page.goto(url, { timeout: FIRST_LOAD_MS })
    }
  }
  return { step, shot, expectVisible, logIn, goto }
}

module.exports = { pageKit, FIRST_LOAD_MS, STEP_MS }
