// The Coupons list screen (/app/coupons): its link under Promotions in the sidebar, then, once a promotion has
// codes, its row (status badge, discount, time span, counts), the search and a screenshot.
const { FIRST_LOAD_MS } = require("./page-kit")

/** Opens the list from the sidebar. */
async function sidebarFlow({ base, page, step, goto, expectVisible }) {
  await step('"Coupons" is under Promotions in the sidebar and lists promotions', async () => {
    await goto(`${base}/app/promotions`)
    const link = page.locator('nav a[href="/app/coupons"], aside a[href="/app/coupons"]')
    await expectVisible(link, FIRST_LOAD_MS)
    await link.first().click()
    await page.waitForURL(/\/app\/coupons$/)
    await expectVisible(page.getByRole("heading", { name: "Coupons" }))
    await expectVisible(page.getByText(/No coupon promotions yet|Summer sale|Coupon/).first())
  })
}

/** The created promotion's row and the search. */
async function listFlow({ base, page, step, goto, shot, expectVisible, name, customId }) {
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
}

module.exports = { sidebarFlow, listFlow }
