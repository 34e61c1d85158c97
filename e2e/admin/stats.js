// The promotion page's Redemptions section: real orders placed through the store API with codes of the promotion
// (one then canceled from the admin) show in its totals, its chart and its top codes as the stats API says, the
// range selector changes the range, and "Download redemptions (CSV)" downloads every use.
const fs = require("fs")

/** A store API client with the demo store's publishable key (found through the admin API). */
async function storeClient(base, api, fetchRetry) {
  const { api_keys } = await api("GET", "/admin/api-keys?type=publishable&limit=50")
  const key = api_keys.find((k) => k.title === "Coupon Demo Store") ?? api_keys[0]
  return async (method, url, body) => {
    const res = await fetchRetry(base, `${base}${url}`, {
      method,
      headers: { "x-publishable-api-key": key.token, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = await res.json().catch(() => ({}))
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${json.message}`)
    return json
  }
}

/** A guest cart with `quantity` of the first product and `code`, shipped, paid with the system provider, completed. */
async function placeOrder(storeApi, { code, email, quantity }) {
  const { regions } = await storeApi("GET", "/store/regions")
  const region = regions.find((r) => r.currency_code === "eur") ?? regions[0]
  const { products } = await storeApi("GET", `/store/products?region_id=${region.id}&fields=*variants&limit=1`)
  let { cart } = await storeApi("POST", "/store/carts", {
    region_id: region.id,
    email,
    items: [{ variant_id: products[0].variants[0].id, quantity }],
    shipping_address: { first_name: "Ada", last_name: "Stats", address_1: "Hauptstr. 1", city: "Berlin", postal_code: "10115", country_code: "de" },
  })
  ;({ cart } = await storeApi("POST", `/store/carts/${cart.id}/coupons`, { code }))
  if (!(Number(cart.discount_total) > 0)) throw new Error(`the code gave no discount: ${JSON.stringify(cart.discount_total)}`)
  const { shipping_options } = await storeApi("GET", `/store/shipping-options?cart_id=${cart.id}`)
  await storeApi("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id })
  const { payment_collection } = await storeApi("POST", "/store/payment-collections", { cart_id: cart.id })
  await storeApi("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" })
  const completed = await storeApi("POST", `/store/carts/${cart.id}/complete`)
  if (completed.type !== "order") throw new Error(`completion answered ${JSON.stringify(completed).slice(0, 300)}`)
  return completed.order
}

async function statsFlow({ base, page, step, goto, shot, expectVisible, api, fetchRetry, suffix, promotionUrl, name }) {
  const promotionId = new URL(promotionUrl).pathname.split("/").pop()
  const statsOf = async () => (await api("GET", `/admin/coupon-promotions/${promotionId}/stats`)).stats
  const until = async (what, check) => {
    const deadline = Date.now() + 60000
    for (;;) {
      const value = await check()
      if (value) return value
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await page.waitForTimeout(1000)
    }
  }
  let stats

  await step("three storefront orders with codes of the promotion and one canceled show in its stats", async () => {
    const before = await statsOf()
    const storeApi = await storeClient(base, api, fetchRetry)
    const { coupons } = await api("GET", `/admin/coupon-promotions/${promotionId}/coupons?state=unassigned&limit=2`)
    const orders = []
    for (const [i, code] of [coupons[0].code, coupons[1].code, coupons[1].code].entries()) {
      orders.push(await placeOrder(storeApi, { code, email: `stats-${i}-${suffix.toLowerCase()}@example.com`, quantity: i + 1 }))
    }
    await api("POST", `/admin/orders/${orders[2].id}/cancel`, {})
    stats = await until("the uses to be confirmed and the cancel released", async () => {
      const now = await statsOf()
      return now.orders === before.orders + 2 && now.canceled === before.canceled + 1 ? now : null
    })
    if (!stats.top_codes.some((c) => c.code === coupons[0].code)) throw new Error("the used code is not among the top codes")
  })

  await step("the Redemptions section shows the totals, a chart of orders and discount by day, and the top codes", async () => {
    await goto(promotionUrl)
    const section = page.getByTestId("redemption-stats")
    await expectVisible(section.getByRole("heading", { name: "Redemptions" }))
    await expectVisible(section.getByTestId("stats-orders").getByText(String(stats.orders), { exact: true }))
    await expectVisible(section.getByTestId("stats-customers").getByText(String(stats.customers), { exact: true }))
    const chart = section.getByTestId("redemption-chart")
    // One bar per day with orders (today's), and the discount line.
    await expectVisible(chart.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle rect"))
    await expectVisible(chart.locator(".recharts-line-curve"))
    await expectVisible(section.getByTestId("stats-top-codes").getByText(stats.top_codes[0].code))
    await section.scrollIntoViewIfNeeded()
    await shot("coupon-redemption-stats", section)
  })

  await step("the range selector shows the last 7 days", async () => {
    const section = page.getByTestId("redemption-stats")
    await section.getByTestId("stats-range-select").click()
    await page.getByRole("option", { name: "Last 7 days" }).click()
    const week = (await api("GET", `/admin/coupon-promotions/${promotionId}/stats?from=${daysAgo(6)}`)).stats
    await expectVisible(section.locator(`[data-testid="stats-range"][data-from="${week.from}"]`))
    await expectVisible(section.getByTestId("stats-orders").getByText(String(week.orders), { exact: true }))
    await shot("coupon-redemption-stats-week", section)
  })

  await step("Download redemptions (CSV) downloads every use, oldest first", async () => {
    const section = page.getByTestId("redemption-stats")
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      section.getByRole("button", { name: "Download redemptions (CSV)" }).click(),
    ])
    if (download.suggestedFilename() !== "redemptions.csv") throw new Error(`file named ${download.suggestedFilename()}`)
    const lines = fs.readFileSync(await download.path(), "utf8").trim().split("\r\n")
    const header = "redemption_id,order_id,customer_id,email,code,amount,currency_code,state,reserved_at,confirmed_at,released_at,release_reason"
    if (lines[0] !== header) throw new Error(`header ${lines[0]}`)
    const confirmed = lines.filter((l) => l.includes(",confirmed,")).length
    const canceled = lines.filter((l) => l.endsWith(",order_canceled")).length
    if (confirmed !== stats.orders || canceled < 1) throw new Error(`${confirmed} confirmed and ${canceled} canceled rows`)
  })

  await step("the coupons list shows each promotion's orders, customers and discount", async () => {
    const { stats: all } = await api("GET", `/admin/coupon-promotions/stats?id=${promotionId}`)
    await goto(`${base}/app/coupons`)
    const row = page.getByRole("row").filter({ hasText: name })
    const uses = row.getByTestId("promotion-uses")
    const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`
    await expectVisible(uses.getByText(plural(all[0].orders, "order"), { exact: true }))
    await expectVisible(uses.getByText(plural(all[0].customers, "customer"), { exact: true }))
  })
}

const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10)

module.exports = { statsFlow }
