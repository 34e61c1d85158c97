// "Currencies, customer groups, first order" (issue 17) in the form and on the promotion page: a fixed promotion with
// an EUR row (10 off, min. 50) and a USD row (12 off), for one customer group's first orders only. The request sends
// the rows as `currency_amounts` and no single-currency amount; a row's API message shows under its cell; the page
// shows every row, the group by name and "First order only"; editing loads the rows and saves a USD budget; the list
// shows both amounts. The demo store (dev/demo-store.ts) has EUR as default and USD supported.

// Stored rows come back from a jsonb column, whose keys Postgres orders its own way: compare with keys sorted.
const sortKeys = (v) =>
  v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
    : Array.isArray(v)
      ? v.map(sortKeys)
      : v

const same = (got, want, what) => {
  if (JSON.stringify(sortKeys(got)) !== JSON.stringify(sortKeys(want))) {
    throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
  }
}

async function currenciesFlow(ctx) {
  const { base, page, step, shot, goto, expectVisible, api, suffix } = ctx
  const name = `Two currencies ${suffix}`
  const customId = `DUAL-${suffix}`
  const groupName = `First buyers ${suffix}`
  let group
  let promotionId
  const section = (title) => page.locator("section", { has: page.getByRole("heading", { name: title, exact: true }) })
  const cell = (label) => page.getByLabel(label, { exact: true })
  const stored = async () => (await api("GET", `/admin/coupon-promotions/${promotionId}`)).coupon_promotion
  const rulesCard = () => page.getByTestId("promotion-rules")
  const rulesRow = (title) => rulesCard().locator("div.grid", { has: page.getByText(title, { exact: true }) })

  await step("currencies: a fixed discount in EUR and USD rows, for a customer group's first orders", async () => {
    ;({ customer_group: group } = await api("POST", "/admin/customer-groups", { name: groupName }))
    await goto(`${base}/app/coupons`)
    await page.getByRole("button", { name: "Create" }).click()
    await expectVisible(page.getByRole("heading", { name: "Add a coupon batch" }))
    await page.locator("#name").fill(name)
    await page.locator("#custom_id").fill(customId)
    await page.getByRole("radio", { name: /Promotion code/ }).click()
    // A fixed discount starts with a row in the store's default currency; it cannot go below one row.
    await page.getByRole("radio", { name: /Fixed discount/ }).click()
    await expectVisible(page.locator('[data-currency-row="eur"]'))
    if (await page.locator("#discount_value").count()) throw new Error("a single discount amount is still shown")
    if (!(await page.getByRole("button", { name: "Remove EUR" }).isDisabled())) {
      throw new Error("the only row of a fixed discount can be removed")
    }
    await cell("EUR amount off").fill("10")
    await cell("EUR min. purchase").fill("50")
    await page.getByRole("button", { name: "Add currency" }).click()
    await expectVisible(page.locator('[data-currency-row="usd"]'))
    // Every allowed currency has a row now.
    if (!(await page.getByRole("button", { name: "Add currency" }).isDisabled())) {
      throw new Error('"Add currency" is still enabled with EUR and USD rows')
    }

    // Who can use it.
    const groups = page.locator('[data-field="customer_group_ids"]')
    await groups.locator("#customer_group_ids").fill(groupName)
    await groups.locator("label", { hasText: groupName }).getByRole("checkbox").click()
    await expectVisible(groups.getByRole("button", { name: `Remove ${groupName}` }))
    await page.locator("#first_order_only").click()

    // The USD row without its amount: the API's message shows under that cell.
    await page.getByRole("button", { name: "Create", exact: true }).last().click()
    const usdError = page.locator('[data-error-for="currency_amounts.usd.discount_value"]')
    await expectVisible(usdError)
    const text = await usdError.innerText()
    if (!/greater than 0/.test(text)) throw new Error(`unexpected message under the USD amount: ${text}`)
    await shot("coupon-form-currency-error", page.locator('[data-field="currency_amounts"]'))
    await cell("USD amount off").fill("12")
    if (await usdError.count()) throw new Error("the message stays after the amount is typed")

    await section("Discount").scrollIntoViewIfNeeded()
    await shot("coupon-form-currencies", section("Discount"))
    await section("Usage").scrollIntoViewIfNeeded()
    await shot("coupon-form-customer-groups", section("Usage"))

    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && /\/admin\/coupon-promotions$/.test(new URL(r.url()).pathname)),
      page.getByRole("button", { name: "Create", exact: true }).last().click(),
    ])
    const body = request.postDataJSON()
    const single = ["discount_value", "min_purchase", "max_discount", "budget"].filter((k) => k in body)
    if (single.length) throw new Error(`the request still sends ${single.join(", ")}`)
    same(
      [body.currency_code, body.currency_amounts],
      ["eur", { eur: { discount_value: 10, min_purchase: 50, budget: null }, usd: { discount_value: 12, min_purchase: null, budget: null } }],
      "the request's currency rows"
    )
    await page.waitForURL(/\/app\/coupons\/cpromo_/)
    promotionId = new URL(page.url()).pathname.split("/").pop()
    await expectVisible(page.getByRole("heading", { name }))

    const p = await stored()
    same(
      [p.discount_type, p.currency_code, Number(p.discount_value), Number(p.min_purchase)],
      ["fixed", "eur", 10, 50],
      "the main currency's single-currency fields"
    )
    same(
      p.currency_amounts,
      {
        eur: { discount_value: 10, min_purchase: 50, max_discount: null, budget: null },
        usd: { discount_value: 12, min_purchase: null, max_discount: null, budget: null },
      },
      "currency_amounts"
    )
    same([p.customer_group_ids, p.first_order_only], [[group.id], true], "customer groups and first order only")

    await expectVisible(rulesRow("Discount").getByText(/^€10\.00 off, min\. €50\.00\s+\$12\.00 off$/))
    await expectVisible(rulesRow("Currencies").getByText("EUR (main), USD", { exact: true }))
    await expectVisible(page.getByTestId("customer-groups").getByText(groupName, { exact: true }))
    await expectVisible(rulesRow("First order only").getByText("Yes", { exact: true }))
    await rulesCard().scrollIntoViewIfNeeded()
    await shot("coupon-detail-currencies", rulesCard())
  })

  await step("currencies: editing loads both rows and saves a USD budget; the list shows both amounts", async () => {
    await page.getByRole("button", { name: "Actions" }).first().click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    await expectVisible(page.getByRole("heading", { name: `Edit ${name}` }))
    same(
      [
        await cell("EUR amount off").inputValue(),
        await cell("EUR min. purchase").inputValue(),
        await cell("USD amount off").inputValue(),
        await cell("USD budget").inputValue(),
        await page.locator("#first_order_only").getAttribute("aria-checked"),
      ],
      ["10", "50", "12", "", "true"],
      "the form's rows"
    )
    await expectVisible(page.locator('[data-field="customer_group_ids"]').getByRole("button", { name: `Remove ${groupName}` }))
    await cell("USD budget").fill("200")
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname.endsWith(`/admin/coupon-promotions/${promotionId}`)),
      page.getByRole("button", { name: "Save", exact: true }).click(),
    ])
    same(Object.keys(request.postDataJSON()), ["currency_amounts"], "what the edit sends")
    await expectVisible(page.getByText("Coupon promotion saved"))
    const p = await stored()
    same(p.currency_amounts.usd, { discount_value: 12, min_purchase: null, max_discount: null, budget: 200 }, "the USD row")
    same([p.currency_code, Number(p.discount_value), p.budget], ["eur", 10, null], "the main currency is still EUR")
    const limits = page.getByTestId("promotion-limits")
    await expectVisible(limits.locator("div.grid", { hasText: "Budget" }).getByText(/^\$200\.00 \(\$0\.00 used\)$/))
    await page.mouse.move(700, 500)
    await page.getByText("Coupon promotion saved").waitFor({ state: "hidden", timeout: 30000 })
    await limits.scrollIntoViewIfNeeded()
    await shot("coupon-detail-currency-limits", limits)

    await goto(`${base}/app/coupons`)
    await page.getByPlaceholder("Search name or ID").fill(customId)
    const row = page.locator("tbody tr", { hasText: name })
    const info = row.getByTestId("discount-info")
    await expectVisible(info.getByText("€10.00 / $12.00 off", { exact: true }))
    await expectVisible(info.getByText("min. €50.00", { exact: true }))
    await page.getByPlaceholder("Search name or ID").fill("")
  })
}

module.exports = { currenciesFlow }
