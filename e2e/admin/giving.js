// The promotion page's "Giving codes" section, on a promotion of its own (so the counts other flows check stay as they
// are): assignment rules (add, edit, pause / resume, delete behind a prompt), giving codes to a customer group with
// its progress, and the "Coupon given" notification switch of the edit form shown on the page.

/** Screenshots without a toast over the drawer's title (toasts leave after a few seconds). */
const toastsGone = (page) =>
  page
    .locator("[data-sonner-toast]")
    .first()
    .waitFor({ state: "detached", timeout: 15000 })
    .catch(() => {})

/** A promotion with 10 codes and a customer group of 3, made through the API; ctx.givingUrl is its page. */
async function setUp(ctx) {
  const { api, base, suffix } = ctx
  const { coupon_promotion: promotion } = await api("POST", "/admin/coupon-promotions", {
    custom_id: `GIFT-${suffix}`,
    name: `Group gift ${suffix}`,
    coupon_type: "promotion_code",
    discount_type: "percentage",
    discount_value: 10,
  })
  await api("POST", `/admin/coupon-promotions/${promotion.id}/batches`, { generate: { count: 10 } })
  const customers = []
  for (const n of [1, 2, 3]) {
    customers.push(
      (await api("POST", "/admin/customers", { email: `e2e-group-${n}-${suffix.toLowerCase()}@example.com` })).customer
    )
  }
  const groupName = `Newsletter ${suffix}`
  const { customer_group: group } = await api("POST", "/admin/customer-groups", { name: groupName })
  await api("POST", `/admin/customer-groups/${group.id}/customers`, { add: customers.map((c) => c.id) })
  ctx.giving = { promotionId: promotion.id, url: `${base}/app/coupons/${promotion.id}`, groupName }
}

async function rulesFlow(ctx) {
  const { page, step, goto, shot, expectVisible, api } = ctx
  await step("assignment rules: add a rule, edit it, pause and resume it, delete it behind a prompt", async () => {
    await setUp(ctx)
    const { promotionId, url } = ctx.giving
    await goto(url)
    const section = page.getByTestId("giving-section")
    await expectVisible(section.getByText("No rules"))
    await section.evaluate((el) => el.scrollIntoView({ block: "start" }))

    // Add: the first event (customer.created) and the customer at "id" are the defaults.
    await section.getByRole("button", { name: "Add rule" }).click()
    let drawer = page.getByRole("dialog")
    await expectVisible(drawer.getByRole("heading", { name: "Add rule" }))
    await drawer.locator("#rule-name").fill("Welcome gift")
    await expectVisible(drawer.locator("#rule-event").getByText("A customer account is created"))
    await drawer.getByRole("button", { name: "Create rule" }).click()
    await drawer.waitFor({ state: "hidden" })
    const row = section.locator('[data-testid="rule-row"]', { hasText: "Welcome gift" })
    await expectVisible(row.getByText("When customer.created"))
    await expectVisible(row.getByText('The customer at "id"'))
    await expectVisible(row.getByText("Active"))

    // Edit: order.placed switches the rule to "the order's customer".
    await row.getByRole("button", { name: "Rule actions" }).click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    drawer = page.getByRole("dialog")
    await expectVisible(drawer.getByRole("heading", { name: "Edit rule" }))
    await drawer.locator("#rule-event").click()
    await page.getByRole("option", { name: /order\.placed/ }).click()
    const orderChoice = drawer.getByRole("radio", { name: /An order ID/ })
    if ((await orderChoice.getAttribute("aria-checked")) !== "true") throw new Error("order.placed did not pick 'An order ID'")
    await drawer.locator("#rule-name").fill("First order gift")
    await toastsGone(page)
    await shot("coupon-rule-edit")
    await drawer.getByRole("button", { name: "Save" }).click()
    await drawer.waitFor({ state: "hidden" })
    const edited = section.locator('[data-testid="rule-row"]', { hasText: "First order gift" })
    await expectVisible(edited.getByText("When order.placed"))
    await expectVisible(edited.getByText('The customer of the order at "id"'))

    // Pause, then resume; the API agrees each time.
    const enabled = async () =>
      (await api("GET", `/admin/coupon-assignment-rules?promotion_id=${promotionId}`)).coupon_assignment_rules[0].enabled
    await edited.getByRole("button", { name: "Rule actions" }).click()
    await page.getByRole("menuitem", { name: "Pause" }).click()
    await expectVisible(edited.getByText("Paused"))
    if ((await enabled()) !== false) throw new Error("the paused rule is still enabled")
    await toastsGone(page)
    await shot("coupon-rules", section)
    await edited.getByRole("button", { name: "Rule actions" }).click()
    await page.getByRole("menuitem", { name: "Resume" }).click()
    await expectVisible(edited.getByText("Active"))
    if ((await enabled()) !== true) throw new Error("the resumed rule is not enabled")
    await toastsGone(page)

    // Delete asks first; Cancel keeps the rule, Delete removes it.
    await edited.getByRole("button", { name: "Rule actions" }).click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    let prompt = page.getByRole("alertdialog")
    await expectVisible(prompt.getByText("Delete this rule?"))
    await prompt.getByRole("button", { name: "Cancel" }).click()
    await prompt.waitFor({ state: "hidden" })
    await expectVisible(edited)
    await edited.getByRole("button", { name: "Rule actions" }).click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    prompt = page.getByRole("alertdialog")
    await expectVisible(prompt.getByText(/"First order gift" stops giving codes/))
    await shot("coupon-rule-delete-prompt")
    await prompt.getByRole("button", { name: "Delete", exact: true }).click()
    await edited.waitFor({ state: "detached" })
    await expectVisible(section.getByText("No rules"))
    const left = await api("GET", `/admin/coupon-assignment-rules?promotion_id=${promotionId}`)
    if (left.count !== 0) throw new Error(`${left.count} rules left after delete`)
  })
}

async function giveGroupFlow(ctx) {
  const { page, step, goto, shot, expectVisible, api } = ctx
  await step("give codes to a customer group: pick the group, start, progress until done", async () => {
    const { promotionId, url, groupName } = ctx.giving
    await goto(url)
    const section = page.getByTestId("giving-section")
    await section.getByRole("button", { name: "Give to customer group" }).click()
    const drawer = page.getByRole("dialog")
    await expectVisible(drawer.getByRole("heading", { name: "Give codes to a customer group" }))
    await drawer.getByPlaceholder("Search customer groups").fill(groupName)
    await drawer.locator(`[data-group="${groupName}"]`).click()
    await shot("coupon-give-group")
    await drawer.getByRole("button", { name: "Start" }).click()
    await expectVisible(drawer.getByTestId("bulk-state").getByText("Done"), 60000)
    const counts = await drawer.getByTestId("bulk-counts").innerText()
    if (!/3 of 3 customers · 3 codes given · 0 already held one/.test(counts)) throw new Error(`progress reads: ${counts}`)
    const bar = drawer.getByRole("progressbar", { name: "Customers served" })
    if ((await bar.getAttribute("aria-valuenow")) !== "3") throw new Error("the progress bar is not full")
    await expectVisible(page.getByText(`3 codes given to ${groupName}`)) // the toast when the run finishes
    await toastsGone(page)
    await shot("coupon-give-group-progress")
    await drawer.getByRole("button", { name: "Close" }).click()
    await drawer.waitFor({ state: "hidden" })
    const { coupon_promotion: p } = await api("GET", `/admin/coupon-promotions/${promotionId}`)
    if (p.codes_assigned !== 3) throw new Error(`${p.codes_assigned} codes assigned, not 3`)
  })
}

async function notifySwitchFlow(ctx) {
  const { page, step, goto, shot, expectVisible, api } = ctx
  await step('the "Coupon given" notification switch: off in the edit form, shown on the promotion page', async () => {
    const { promotionId, url } = ctx.giving
    await goto(url)
    const shown = page.getByTestId("notify-on-assign")
    await expectVisible(shown.getByText(/Sent to the customer when a code is given/))
    await page.getByRole("button", { name: "Actions" }).first().click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    const toggle = page.locator("#notify_on_assign")
    await toggle.scrollIntoViewIfNeeded()
    if ((await toggle.getAttribute("aria-checked")) !== "true") throw new Error("the switch is not on for a new promotion")
    await toggle.click()
    if ((await toggle.getAttribute("aria-checked")) !== "false") throw new Error("the switch did not turn off")
    await page.locator('[data-field="notify_on_assign"]').evaluate((el) => el.scrollIntoView({ block: "center" }))
    await shot("coupon-notify-switch")
    await page.getByRole("button", { name: "Save", exact: true }).click()
    await expectVisible(shown.getByText("Not sent for this promotion"))
    const { coupon_promotion: p } = await api("GET", `/admin/coupon-promotions/${promotionId}`)
    if (p.notify_on_assign !== false) throw new Error(`notify_on_assign is ${p.notify_on_assign}`)
  })
}

async function givingFlow(ctx) {
  await rulesFlow(ctx)
  await giveGroupFlow(ctx)
  await notifySwitchFlow(ctx)
}

module.exports = { givingFlow }
