// The "Add a coupon batch" form: every rule, the API's validation message inline under its field, the inactive
// message only while Inactive; creating the promotion the later flows use (ctx.promotionUrl).

async function createFormFlow(ctx) {
  const { page, step, shot, expectVisible, name, customId } = ctx
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
    ctx.promotionUrl = page.url()
    await expectVisible(page.getByRole("heading", { name }))
  })
}

module.exports = { createFormFlow }
