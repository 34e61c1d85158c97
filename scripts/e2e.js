/* eslint-disable no-console */
// `npm run test:e2e`: the admin screens in a real browser. Starts the dev store (`scripts/dev.js`) on a throwaway
// database and a free port, then drives Debian's Chromium with playwright-core through e2e/admin.e2e.js, saving
// screenshots to docs/screenshots/. It also serves the storefront cart page (e2e/storefront/) on another free port,
// listed in the store's STORE_CORS, for the storefront steps (e2e/storefront.e2e.js).
// E2E_BASE_URL + E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD reuse a running store instead; its STORE_CORS must then list
// http://127.0.0.1:<E2E_STOREFRONT_PORT>.
const fs = require("fs")
const path = require("path")
const { spawnSync } = require("child_process")

const { startStorefrontServer } = require("../e2e/storefront/server")
const { launchDevStore, waitFor } = require("./lib/dev-store")

const ROOT = path.resolve(__dirname, "..")
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const BOOT_TIMEOUT_MS = Number(process.env.E2E_BOOT_TIMEOUT_MS || 600000)

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return
  console.log(`[e2e] ${CHROMIUM} is missing: installing Debian's chromium package…`)
  const sudo = process.getuid && process.getuid() !== 0 ? ["sudo"] : []
  const run = (args) => {
    const [cmd, ...rest] = [...sudo, ...args]
    const r = spawnSync(cmd, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status})`)
  }
  run(["apt-get", "update"])
  run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"])
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium was installed but ${CHROMIUM} does not exist`)
}

async function startDevStore({ storeCors }) {
  const store = await launchDevStore({
    env: (base) => ({
      // 1,000 codes then run in the background, so the screens show live progress.
      COUPON_BACKGROUND_THRESHOLD: process.env.COUPON_BACKGROUND_THRESHOLD || "200",
      // The browser talks to this port; the default CORS lists only :9000.
      ADMIN_CORS: base,
      AUTH_CORS: base,
      // The storefront cart page calls the store API from its own origin.
      STORE_CORS: storeCors,
    }),
  })
  const { base, stop, output } = store
  try {
    const creds = await store.credentials(BOOT_TIMEOUT_MS)
    await waitFor(async () => (await fetch(`${base}/health`)).status === 200, "/health", BOOT_TIMEOUT_MS)
    await waitFor(async () => (await fetch(`${base}/app`)).status === 200, "/app", BOOT_TIMEOUT_MS)
    return { base, creds, stop, output }
  } catch (e) {
    console.log(`--- dev output (tail) ---\n${output().slice(-4000)}`)
    await stop()
    throw e
  }
}

async function main() {
  ensureChromium()
  // Bound before the store starts, so its origin can go into STORE_CORS.
  const storefront = await startStorefrontServer(Number(process.env.E2E_STOREFRONT_PORT || 0))
  console.log(`[e2e] storefront page at ${storefront.origin}`)
  let store
  if (process.env.E2E_BASE_URL) {
    store = {
      base: process.env.E2E_BASE_URL.replace(/\/$/, ""),
      creds: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD },
      stop: async () => {},
      output: () => "",
    }
  } else {
    console.log("[e2e] starting the dev store…")
    store = await startDevStore({ storeCors: storefront.origin })
  }
  console.log(`[e2e] store at ${store.base}`)
  const { runAdminFlows } = require(path.join(ROOT, "e2e", "admin.e2e.js"))
  let results = []
  let shotsDir = null
  try {
    ;({ results, screenshots: shotsDir } = await runAdminFlows({
      base: store.base,
      creds: store.creds,
      chromium: CHROMIUM,
      storefront,
    }))
  } catch (e) {
    console.error(e)
    results.push({ name: "e2e run", ok: false })
  } finally {
    await store.stop()
    await storefront.close()
  }
  const passed = results.filter((r) => r.ok).length
  const failed = results.length - passed
  // Screenshots reach docs/ only after the store has stopped (a new file there would restart `medusa develop`).
  if (shotsDir && fs.existsSync(shotsDir)) {
    const target = path.join(ROOT, "docs", "screenshots")
    fs.mkdirSync(target, { recursive: true })
    for (const f of fs.readdirSync(shotsDir)) fs.copyFileSync(path.join(shotsDir, f), path.join(target, f))
    console.log(`[e2e] screenshots: ${fs.readdirSync(shotsDir).sort().join(", ")} -> docs/screenshots/`)
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`)
  process.exit(failed || !results.length ? 1 : 0)
}

main().catch((e) => {
  console.error(e)
  console.log("e2e: 0 passed, 1 failed")
  process.exit(1)
})
