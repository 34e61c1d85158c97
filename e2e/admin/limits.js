// "Limits and stacking" (issue 16): a percentage promotion created in the form with max orders, a budget and a cap per
// order (in its EUR row of "Amounts per currency", issue 17), both combinable switches off and an excluded product; the promotion page shows them, an order placed with
// one of its codes moves the counters (max orders used, budget used), and editing loads and saves every field.
const { placeOrderWithCode, storeClient } = require("./store-order")

const BELT = "Leather Belt" // a demo store product (dev/demo-store.ts)

const same = (got, want, what) => {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
  }
}

async function limitsFlow(ctx) {
  const { base, page, step, shot, goto, expectVisible, api, suffix } = ctx
  const name = `Capped sale ${suffix}`
  const customId = `CAPPED-${suffix}`
  let promotionUrl
  let promotionId
  let beltId
  const section = (title) => page.locator("section", { has: page.getByRole("heading", { name: title, exact: true }) })
  const stored = async () => (await api("GET", `/admin/coupon-promotions/${promotionId}`)).coupon_promotion
  const limitsCard = () => page.getByTestId("promotion-limits")
  const row = (title) => limitsCard().locator("div.grid", { has: page.getByText(title, { exact: true }) })
  const expectRow = async (title, value) => {
    await expectVisible(row(title).getByText(value, { exact: true }))
  }

  await step("limits and stacking: a 50% promotion with max orders, budget, a cap, no stacking, an excluded product", async () => {
    await goto(`${base}/app/coupons`)
    await page.getByRole("button", { name: "Create" }).click()
    await expectVisible(page.getByRole("heading", { name: "Add a coupon batch" }))
    await page.locator("#name").fill(name)
    await page.locator("#custom_id").fill(customId)
    await page.getByRole("radio", { name: /Promotion code/ }).click()
    await page.locator("#discount_value").fill("50")
    // Promotion codes count a customer's orders across all codes unless told otherwise (the API's default).
    await expectVisible(page.locator("#per_customer_scope").getByText("Customer across all codes"))
    await page.locator("#max_orders").fill("20")
    // Money is per currency: a percentage has no rows until one is added (the store's default, EUR, comes first).
    await expectVisible(page.getByText("No rows: the percentage works in every currency"))
    await page.getByRole("button", { name: "Add currency" }).click()
    await expectVisible(page.locator('[data-currency-row="eur"]'))
    await page.getByLabel("EUR budget", { exact: true }).fill("100")
    await page.getByLabel("EUR max discount per order", { exact: true }).fill("20")
    // The cap is for percentages only; a fixed discount has an amount off instead.
    await page.getByRole("radio", { name: /Fixed discount/ }).click()
    await expectVisible(page.getByLabel("EUR amount off", { exact: true }))
    if (await page.getByLabel("EUR max discount per order", { exact: true }).count()) {
      throw new Error("max discount shown for a fixed discount")
    }
    await page.getByRole("radio", { name: /% discount/ }).click()
    await page.getByLabel("EUR max discount per order", { exact: true }).fill("20")
    for (const id of ["combinable_with_native", "combinable_with_coupons", "exclude_discounted_lines"]) {
      await page.locator(`#${id}`).click()
    }
    const excluded = page.locator('[data-field="excluded_product_ids"]')
    await excluded.locator("#excluded_product_ids").fill("Leather")
    await excluded.locator("label", { hasText: BELT }).getByRole("checkbox").click()
    await expectVisible(excluded.getByRole("button", { name: `Remove ${BELT}` }))
    await section("Exclusions").scrollIntoViewIfNeeded()
    await shot("coupon-form-exclusions", section("Exclusions"))
    await section("Limits and stacking").scrollIntoViewIfNeeded()
    await shot("coupon-form-limits", section("Limits and stacking"))
    await page.getByRole("button", { name: "Create", exact: true }).last().click()
    await page.waitForURL(/\/app\/coupons\/cpromo_/)
    promotionUrl = page.url()
    promotionId = new URL(promotionUrl).pathname.split("/").pop()
    await expectVisible(page.getByRole("heading", { name }))

    const { products } = await api("GET", `/admin/products?q=${encodeURIComponent(BELT)}&fields=id,title&limit=5`)
    beltId = products.find((p) => p.title === BELT)?.id
    const p = await stored()
    same(
      [p.per_customer_scope, p.max_orders, Number(p.budget), Number(p.max_discount), p.currency_code],
      ["promotion", 20, 100, 20, "eur"],
      "scope, max orders, budget, cap, currency"
    )
    // (keys in a fixed order: the row comes back from a jsonb column, which orders them its own way)
    same(
      ["discount_value", "min_purchase", "max_discount", "budget"].map((k) => p.currency_amounts.eur?.[k]),
      [null, null, 20, 100],
      "the EUR row"
    )
    same(Object.keys(p.currency_amounts), ["eur"], "the currency rows")
    same(
      [p.combinable_with_native, p.combinable_with_coupons, p.exclude_discounted_lines, p.excluded_product_ids],
      [false, false, true, [beltId]],
      "stacking and exclusions"
    )
    await expectRow("Orders counted per", "Customer across all codes")
    await expectRow("Max orders", "20 (0 used)")
    await expectVisible(row("Budget").getByText(/^€100\.00 \(€0\.00 used\)$/))
    await expectVisible(row("Max discount").getByText(/^€20\.00 per order$/))
    await expectRow("Combinable with Medusa promotions", "No")
    await expectRow("Combinable with other coupons", "No")
    await expectRow("Excludes discounted lines", "Yes")
    await expectVisible(limitsCard().getByTestId("excluded-products").getByText(`Products: ${BELT}`))
  })

  await step("an order with one of its codes: 50% of 80.00 capped at 20.00, counted in max orders and the budget", async () => {
    await api("POST", `/admin/coupon-promotions/${promotionId}/batches`, { generate: { count: 3, pattern: "CAP-####-####" } })
    const { coupons } = await api("GET", `/admin/coupon-promotions/${promotionId}/coupons?limit=1`)
    const storeApi = await storeClient(base, api)
    await placeOrderWithCode(storeApi, {
      code: coupons[0].code,
      email: `capped-${suffix.toLowerCase()}@example.com`,
      handle: "wool-sweater",
    })
    const p = await stored()
    same([p.orders_count, Number(p.discount_used.eur)], [1, 20], "orders_count and discount_used.eur")
    await goto(promotionUrl)
    await expectRow("Max orders", "20 (1 used)")
    await expectVisible(row("Budget").getByText(/^€100\.00 \(€20\.00 used\)$/))
    const use = page.getByTestId("promotion-use")
    await expectVisible(use.filter({ hasText: "Orders with a code" }).getByText("1", { exact: true }))
    await expectVisible(use.filter({ hasText: "Discount given" }).getByText(/^€20\.00$/))
  })

  await step("edit: every limit loads; max orders, per-customer scope and stacking change and are saved", async () => {
    await page.getByRole("button", { name: "Actions" }).first().click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    await expectVisible(page.getByRole("heading", { name: `Edit ${name}` }))
    same(
      [
        await page.locator("#max_orders").inputValue(),
        await page.getByLabel("EUR budget", { exact: true }).inputValue(),
        await page.getByLabel("EUR max discount per order", { exact: true }).inputValue(),
        await page.locator("#combinable_with_native").getAttribute("aria-checked"),
        await page.locator("#combinable_with_coupons").getAttribute("aria-checked"),
        await page.locator("#exclude_discounted_lines").getAttribute("aria-checked"),
      ],
      ["20", "100", "20", "false", "false", "true"],
      "the form's limits"
    )
    await expectVisible(page.locator('[data-field="excluded_product_ids"]').getByRole("button", { name: `Remove ${BELT}` }))
    await expectVisible(page.locator("#per_customer_scope").getByText("Customer across all codes"))
    await page.locator("#max_orders").fill("25")
    await page.locator("#combinable_with_coupons").click()
    await page.locator("#per_customer_scope").click()
    await page.getByRole("option", { name: "Each code" }).click()
    await page.getByRole("button", { name: "Save", exact: true }).click()
    await expectVisible(page.getByText("Coupon promotion saved"))
    const p = await stored()
    same(
      [p.max_orders, p.per_customer_scope, p.combinable_with_coupons, p.combinable_with_native, Number(p.budget)],
      [25, "code", true, false, 100],
      "after the edit"
    )
    same([p.excluded_product_ids, Number(p.max_discount), p.exclude_discounted_lines], [[beltId], 20, true], "kept")
    await expectRow("Max orders", "25 (1 used)")
    await expectRow("Orders counted per", "Each code")
    await expectRow("Combinable with other coupons", "Yes")
    // The toast waits while the pointer rests on it (where Save was): move away, then let it go.
    await page.mouse.move(700, 500)
    await page.getByText("Coupon promotion saved").waitFor({ state: "hidden", timeout: 30000 })
    // One card at a time: the page scrolls inside the admin's layout, so a shot taller than the window comes out blank.
    await limitsCard().scrollIntoViewIfNeeded()
    await shot("coupon-detail-limits", limitsCard())
    const useCard = page.getByTestId("promotion-use").first().locator("..")
    await useCard.scrollIntoViewIfNeeded()
    await shot("coupon-detail-use", useCard)
  })
}

module.exports = { limitsFlow }
