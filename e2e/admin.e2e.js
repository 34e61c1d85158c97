/* eslint-disable no-console */
// The coupon admin screens end to end, in Chromium, against a running dev store. Each step is a named check;
// a failed step stops the run (later steps build on earlier ones) and leaves a failure screenshot in .tmp/e2e/.
// The steps live with their screen in e2e/admin/; this runs them in order on one page.
const fs = require("fs")
const os = require("os")
const path = require("path")
const { chromium } = require("playwright-core")
const { storefrontSteps } = require("./storefront.e2e")
const { adminApi, fetchRetry } = require("./admin/dev-server")
const { pageKit, STEP_MS } = require("./admin/page-kit")
const { loginFlow } = require("./admin/login")
const { sidebarFlow, listFlow } = require("./admin/coupons-list")
const { createFormFlow } = require("./admin/create-form")
const { codesFlow } = require("./admin/codes")
const { detailFlow, duplicateArchiveFlow, deleteBatchFlow } = require("./admin/promotion-detail")
const { giveCouponFlow } = require("./admin/customer")
const { orderCouponsFlow } = require("./admin/order")
const { statsFlow } = require("./admin/stats")
const { givingFlow } = require("./admin/giving")
const { archivedFlow } = require("./admin/archived")
const { limitsFlow } = require("./admin/limits")
const { currenciesFlow } = require("./admin/currencies")

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
]

async function runAdminFlows({ base, creds, chromium: executablePath, screenshots, storefront }) {
  // Written under .tmp (a dot folder the dev server does not watch) and copied to `screenshots` at the end:
  // a new file under docs/ would restart `medusa develop` in the middle of the run.
  const failures = path.join(__dirname, "..", ".tmp", "e2e")
  const shots = path.join(failures, "screenshots")
  fs.rmSync(failures, { recursive: true, force: true })
  fs.mkdirSync(shots, { recursive: true })
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "coupon-e2e-"))
  const api = await adminApi(base, creds)
  const suffix = Date.now().toString(36).toUpperCase()
  const customer = (
    await api("POST", "/admin/customers", {
      email: `e2e-${suffix.toLowerCase()}@example.com`,
      first_name: "Ada",
      last_name: "Coupon",
    })
  ).customer

  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_MS)
  const consoleErrors = []
  page.on("pageerror", (e) => consoleErrors.push(e.message))

  const results = []
  const { step, shot, expectVisible, logIn, goto } = pageKit({ page, base, creds, results, shots, failures })

  // What the flows share; createFormFlow adds promotionUrl, the page of the promotion the later flows work on.
  const ctx = {
    base,
    api,
    page,
    step,
    shot,
    expectVisible,
    logIn,
    goto,
    fetchRetry,
    suffix,
    tmp,
    customer,
    name: `Summer sale ${suffix}`,
    customId: `SUMMER-${suffix}`,
    promotionUrl: undefined,
  }

  try {
    await loginFlow(ctx)
    await sidebarFlow(ctx)
    await createFormFlow(ctx)
    await codesFlow(ctx)
    await detailFlow(ctx)
    await giveCouponFlow(ctx)
    await givingFlow(ctx)
    await orderCouponsFlow(ctx)
    await statsFlow(ctx)
    await limitsFlow(ctx)
    await currenciesFlow(ctx)
    await listFlow(ctx)
    await duplicateArchiveFlow(ctx)
    await archivedFlow(ctx)

    // The storefront cart page (e2e/storefront.e2e.js), when scripts/e2e.js serves it.
    if (storefront) {
      await storefrontSteps({ base, storefront, api, page, step, shot, expectVisible, fetchRetry, suffix })
    }

    await deleteBatchFlow(ctx)

    await step("no uncaught errors in the page", async () => {
      if (consoleErrors.length) throw new Error(consoleErrors.join("\n"))
    })
  } catch (e) {
    if (!e.stop) {
      results.push({ name: "e2e run", ok: false })
      console.error(e)
    }
  } finally {
    await browser.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  return { results, screenshots: shots }
}

module.exports = { runAdminFlows }
