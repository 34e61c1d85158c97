/* eslint-disable no-console */
// The coupon admin screens end to end, in Chromium, against a running dev store. Each step is a named check;
// a failed step stops the run (later steps build on earlier ones) and leaves a failure screenshot in .tmp/e2e/.
const fs = require("fs")
const os = require("os")
const path = require("path")
const { chromium } = require("playwright-core")
const { storefrontSteps } = require("./storefront.e2e")

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
// The first admin load in `medusa develop` waits for Vite to optimize dependencies.
const FIRST_LOAD_MS = 240000
const STEP_MS = 60000

/**
 * `medusa develop` restarts whenever a watched file changes (other work on the repo, a file this run writes):
 * wait until /health has answered a few times in a row before a step starts.
 */
async function waitForStableServer(base, timeoutMs = 300000) {
  const start = Date.now()
  let okInARow = 0
  while (okInARow < 3) {
    if (Date.now() - start > timeoutMs) throw new Error("the store did not answer /health")
    try {
      okInARow = (await fetch(`${base}/health`)).status === 200 ? okInARow + 1 : 0
    } catch {
      okInARow = 0
    }
    await new Promise((r) => setTimeout(r, okInARow ? 300 : 1000))
  }
}

/** fetch that rides out a dev-server restart (connection refused) by waiting for it to come back. */
async function fetchRetry(base, url, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init)
    } catch (e) {
      if (attempt >= 5) throw e
      await waitForStableServer(base)
    }
  }
}

async function adminApi(base, creds) {
  await waitForStableServer(base)
  const login = await fetchRetry(base, `${base}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(creds),
  })
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}`)
  const { token } = await login.json()
  return async (method, url, body) => {
    const res = await fetchRetry(base, `${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = await res.json().catch(() => ({}))
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${json.message}`)
    return json
  }
}

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

  const name = `Summer sale ${suffix}`
  const customId = `SUMMER-${suffix}`
  let promotionUrl
  let existingCode

  try {
    await step("log in to the Medusa admin", async () => {
      // Vite optimizes dependencies on the first visit and may reload the page (and the dev server may restart):
      // retry the whole login until it sticks.
      const deadline = Date.now() + FIRST_LOAD_MS * 2
      for (;;) {
        await waitForStableServer(base)
        await page.goto(`${base}/app/login`, { timeout: FIRST_LOAD_MS }).catch(() => {})
        const ok = await page
          .locator('input[name="email"]')
          .waitFor({ timeout: 60000 })
          .then(() => logIn())
          .then(() => page.waitForLoadState("networkidle").catch(() => {}))
          .then(
            () => !new URL(page.url()).pathname.includes("/login"),
            () => false
          )
        if (ok) break
        if (Date.now() > deadline) throw new Error("could not log in")
      }
    })

    await step('"Coupons" is under Promotions in the sidebar and lists promotions', async () => {
      await goto(`${base}/app/promotions`)
      const link = page.locator('nav a[href="/app/coupons"], aside a[href="/app/coupons"]')
      await expectVisible(link, FIRST_LOAD_MS)
      await link.first().click()
      await page.waitForURL(/\/app\/coupons$/)
      await expectVisible(page.getByRole("heading", { name: "Coupons" }))
      await expectVisible(page.getByText(/No coupon promotions yet|Summer sale|Coupon/).first())
    })

    await step("create form: every rule, API messages inline, inactive message only when Inactive", async () => {
      await page.getByRole("button", { name: "Create" }).click()
      await expectVisible(page.getByRole("heading", { name: "Add a coupon batch" }))
      await page.locator("#name").fill(name)
      await page.locator("#custom_id").fill(customId)
      await page.locator("#description").fill("15% off everything, one order per customer")
      if (await page.locator("#inactive_message").count()) throw new Error("inactive message shown while Active")
      await page.locator("#status").click()
      await expectVisible(page.locator("#inactive_message"))
      const msg = await page.locator("#inactive_message").inputValue()
      if (msg !== "The coupon is inactive until further notice") throw new Error(`default inactive message: ${msg}`)
      await page.locator("#status").click()
      await page.getByRole("radio", { name: /Promotion code/ }).click()
      await page.locator("#discount_value").fill("150")
      await shot("coupon-create-form")
      await page.getByRole("button", { name: "Create", exact: true }).last().click()
      const error = page.locator('[data-error-for="discount_value"]')
      await expectVisible(error)
      const text = await error.innerText()
      if (!/at most 100/.test(text)) throw new Error(`unexpected inline message: ${text}`)
      await shot("coupon-create-validation")
      await page.locator("#discount_value").fill("15")
      await page.getByRole("button", { name: "Create", exact: true }).last().click()
      await page.waitForURL(/\/app\/coupons\/cpromo_/)
      promotionUrl = page.url()
      await expectVisible(page.getByRole("heading", { name }))
    })

    await step("generate 1,000 codes and watch the progress finish", async () => {
      await page.getByRole("button", { name: "Generate codes" }).click()
      await page.locator("#count").fill("1000")
      await page.locator("#pattern").fill("SUM-####-####")
      await page.getByRole("button", { name: "Generate", exact: true }).click()
      const row = page.locator('[data-testid="batch-row"]').first()
      await expectVisible(row)
      const firstState = await row.getAttribute("data-batch-state")
      if (firstState !== "completed") {
        await shot("coupon-batch-progress")
      }
      await page.locator('[data-testid="batch-row"][data-batch-state="completed"]').first().waitFor({ timeout: 120000 })
      await expectVisible(page.getByText("1,000 of 1,000"))
      await expectVisible(page.getByTestId("codes-total").getByText("1,000 total"))
      if (firstState === "completed") console.log("    (the batch finished before the first poll)")
    })

    await step("codes table: search and state filter", async () => {
      const codes = page.getByTestId("codes-section")
      const firstCode = codes.locator("tbody tr td").first()
      await expectVisible(firstCode)
      existingCode = (await firstCode.innerText()).trim()
      if (!/^SUM-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(existingCode)) throw new Error(`unexpected code ${existingCode}`)
      await codes.getByPlaceholder("Search code").fill(existingCode.toLowerCase())
      await codes.locator("tbody tr").first().waitFor()
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="codes-section"] tbody tr').length === 1,
        null,
        { timeout: STEP_MS }
      )
      await codes.getByPlaceholder("Search code").fill("")
    })

    await step("a coupon's redemption history opens from the codes table", async () => {
      const codes = page.getByTestId("codes-section")
      await codes.locator("tbody tr").first().click()
      const drawer = page.getByRole("dialog")
      await expectVisible(drawer.getByText("Redemptions"))
      await expectVisible(drawer.getByText("Not used yet"))
      await shot("coupon-redemption-history")
      await page.keyboard.press("Escape")
      await drawer.waitFor({ state: "hidden" })
    })

    await step("import a CSV with a clashing code: the error names the code and its row", async () => {
      const file = path.join(tmp, "clash.csv")
      fs.writeFileSync(file, `code\nNEW-${suffix}-A\n${existingCode}\n`)
      await page.getByRole("button", { name: "Import codes" }).click()
      await page.locator('input[type="file"]#file').setInputFiles(file)
      await page.getByRole("button", { name: "Import", exact: true }).click()
      const error = page.getByTestId("import-error")
      await expectVisible(error)
      const text = await error.innerText()
      if (!text.includes(existingCode) || !/row 3/.test(text)) throw new Error(`error does not name the clash: ${text}`)
      await shot("coupon-import-clash")
    })

    await step("import a good CSV", async () => {
      const file = path.join(tmp, "good.csv")
      fs.writeFileSync(file, `code\nNEW-${suffix}-A\nNEW-${suffix}-B\nNEW-${suffix}-C\n`)
      await page.locator('input[type="file"]#file').setInputFiles(file)
      await page.getByRole("button", { name: "Import", exact: true }).click()
      await expectVisible(page.getByText("3 codes imported from good.csv"))
      await expectVisible(page.getByText("Imported from good.csv"))
      await expectVisible(page.getByTestId("codes-total").getByText("1,003 total"))
    })

    await step("download codes.csv", async () => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "codes.csv" }).click(),
      ])
      const file = path.join(tmp, download.suggestedFilename() || "codes.csv")
      await download.saveAs(file)
      const lines = fs.readFileSync(file, "utf8").trim().split(/\r?\n/)
      if (!lines[0].startsWith("code")) throw new Error(`header: ${lines[0]}`)
      if (lines.length !== 1004) throw new Error(`expected 1,003 codes, got ${lines.length - 1}`)
      if (!lines.some((l) => l.startsWith(existingCode))) throw new Error("the CSV lacks a generated code")
    })

    await step("promotion detail: rules, stats, batches", async () => {
      await goto(promotionUrl)
      await expectVisible(page.getByText("Limited to one order"))
      await expectVisible(page.getByText("15% off").first())
      await shot("coupon-detail")
    })

    await step('give a coupon from the customer page ("Give coupon")', async () => {
      await goto(`${base}/app/customers/${customer.id}`)
      const widget = page.getByTestId("customer-coupons")
      await expectVisible(widget.getByText("No coupons"))
      await widget.getByRole("button", { name: "Give coupon" }).click()
      const drawer = page.getByRole("dialog")
      await drawer.getByPlaceholder("Search promotions").fill(customId)
      await drawer.locator(`[data-promotion="${customId}"]`).click()
      await shot("customer-give-coupon")
      await drawer.getByRole("button", { name: "Give coupon" }).click()
      await drawer.waitFor({ state: "hidden" })
      await expectVisible(widget.getByText(name))
      await expectVisible(widget.getByText("Assigned"))
      await widget.scrollIntoViewIfNeeded()
      await page.waitForTimeout(5000) // the toast fades
      await shot("customer-coupons-widget", widget)
    })

    await step("a storefront order placed with a code shows the coupon on the order page", async () => {
      const promotionId = new URL(promotionUrl).pathname.split("/").pop()
      const { api_keys } = await api("GET", "/admin/api-keys?type=publishable&limit=50")
      const key = api_keys.find((k) => k.title === "Coupon Demo Store") ?? api_keys[0]
      const storeApi = async (method, url, body) => {
        const res = await fetchRetry(base, `${base}${url}`, {
          method,
          headers: { "x-publishable-api-key": key.token, "content-type": "application/json" },
          body: body ? JSON.stringify(body) : undefined,
        })
        const json = await res.json().catch(() => ({}))
        if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${json.message}`)
        return json
      }
      const { coupons } = await api("GET", `/admin/coupon-promotions/${promotionId}/coupons?state=unassigned&limit=1`)
      const code = coupons[0].code
      const { regions } = await storeApi("GET", "/store/regions")
      const region = regions.find((r) => r.currency_code === "eur") ?? regions[0]
      const { products } = await storeApi("GET", `/store/products?region_id=${region.id}&fields=*variants&limit=1`)
      let { cart } = await storeApi("POST", "/store/carts", {
        region_id: region.id,
        email: `shopper-${suffix.toLowerCase()}@example.com`,
        items: [{ variant_id: products[0].variants[0].id, quantity: 2 }],
        shipping_address: { first_name: "Ada", last_name: "Shopper", address_1: "Hauptstr. 1", city: "Berlin", postal_code: "10115", country_code: "de" },
      })
      ;({ cart } = await storeApi("POST", `/store/carts/${cart.id}/coupons`, { code }))
      if (!(Number(cart.discount_total) > 0)) throw new Error(`the code gave no discount: ${JSON.stringify(cart.discount_total)}`)
      const { shipping_options } = await storeApi("GET", `/store/shipping-options?cart_id=${cart.id}`)
      await storeApi("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id })
      const { payment_collection } = await storeApi("POST", "/store/payment-collections", { cart_id: cart.id })
      await storeApi("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
        provider_id: "pp_system_default",
      })
      const completed = await storeApi("POST", `/store/carts/${cart.id}/complete`)
      if (completed.type !== "order") throw new Error(`completion answered ${JSON.stringify(completed).slice(0, 300)}`)
      const orderId = completed.order.id
      // The use is confirmed with the order id by the order.placed subscriber, a moment after completion.
      const deadline = Date.now() + 60000
      for (;;) {
        const { redemptions } = await api("GET", `/admin/orders/${orderId}/coupons`)
        if (redemptions.length) break
        if (Date.now() > deadline) throw new Error("the order's coupon use was never confirmed")
        await page.waitForTimeout(1000)
      }
      await goto(`${base}/app/orders/${orderId}`)
      const widget = page.getByTestId("order-coupons")
      await expectVisible(widget.getByText(code))
      await expectVisible(widget.getByText(name))
      await widget.scrollIntoViewIfNeeded()
      await shot("order-coupons-widget", widget)
    })

    await step("coupons list: status badge, discount, time span, counts; status filter", async () => {
      await goto(`${base}/app/coupons`)
      const row = page.locator("tbody tr", { hasText: name })
      await expectVisible(row)
      const text = await row.innerText()
      for (const want of ["Active", "15% off", "Unlimited", "1,003"]) {
        if (!text.includes(want)) throw new Error(`row lacks ${want}: ${text}`)
      }
      await page.getByPlaceholder("Search name or ID").fill(customId)
      await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1)
      await page.getByPlaceholder("Search name or ID").fill("")
      await shot("coupons-list")
    })

    await step("duplicate, then archive the copy behind a cannot-be-undone prompt", async () => {
      await goto(promotionUrl)
      await page.getByRole("button", { name: "Actions" }).first().click()
      await page.getByRole("menuitem", { name: "Duplicate" }).click()
      await page.waitForURL((u) => u.toString() !== promotionUrl && /\/coupons\/cpromo_/.test(u.toString()))
      await expectVisible(page.getByRole("heading", { name: `${name} (copy)` }))
      await page.getByRole("button", { name: "Actions" }).first().click()
      await page.getByRole("menuitem", { name: "Archive" }).click()
      const prompt = page.getByRole("alertdialog")
      await expectVisible(prompt.getByText(/cannot be undone/))
      await shot("coupon-archive-prompt")
      await prompt.getByRole("button", { name: "Archive" }).click()
      await expectVisible(page.getByText("Archived").first())
      await shot("coupon-archived")
    })

    // The storefront cart page (e2e/storefront.e2e.js), when scripts/e2e.js serves it.
    if (storefront) {
      await storefrontSteps({ base, storefront, api, page, step, shot, expectVisible, fetchRetry, suffix })
    }

    await step('delete an unused batch: "Delete batch", confirm, the row and its 5 codes go', async () => {
      // Retry is not covered: no HTTP request can make a generated batch fail (the capacity check counts every code
      // in the system, so a pattern's space never runs out), and the e2e adds no test-only routes.
      const promotionId = new URL(promotionUrl).pathname.split("/").pop()
      const counter = async () =>
        (await api("GET", `/admin/coupon-promotions/${promotionId}`)).coupon_promotion.codes_total
      const { batch } = await api("POST", `/admin/coupon-promotions/${promotionId}/batches`, {
        generate: { count: 5, pattern: "DEL-####-####" },
      })
      if (batch.state !== "completed" || batch.codes_total !== 5) {
        throw new Error(`the extra batch is ${batch.state} with ${batch.codes_total} codes`)
      }
      const before = await counter()
      await goto(promotionUrl)
      const section = page.getByTestId("batches-section")
      const row = section.locator('[data-testid="batch-row"]', { hasText: "DEL-####-####" })
      await expectVisible(row)
      await expectVisible(page.getByTestId("codes-total").getByText(`${before.toLocaleString("en-US")} total`))
      const deleteButton = row.getByRole("button", { name: "Delete batch" })
      await section.evaluate((el) => el.scrollIntoView({ block: "start" }))
      await deleteButton.hover()
      await expectVisible(page.getByText("Delete this batch and its codes"))
      await deleteButton.click()
      const prompt = page.getByRole("alertdialog")
      await expectVisible(prompt.getByText("Delete this batch?"))
      await expectVisible(prompt.getByText(/Its 5 codes are removed/))
      await shot("batch-delete-prompt")
      await prompt.getByRole("button", { name: "Delete", exact: true }).click()
      await prompt.waitFor({ state: "hidden" })
      await expectVisible(page.getByText("Batch deleted with 5 codes"))
      await row.waitFor({ state: "detached" })
      await expectVisible(page.getByTestId("codes-total").getByText(`${(before - 5).toLocaleString("en-US")} total`))
      const after = await counter()
      if (after !== before - 5) throw new Error(`codes_total went from ${before} to ${after}, not down by 5`)
    })

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
