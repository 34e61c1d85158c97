// The customer page's coupons widget: "Give coupon" picks the promotion in a drawer, and the assigned coupon shows.

async function giveCouponFlow({ base, page, step, goto, shot, expectVisible, customer, customId, name }) {
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
}

module.exports = { giveCouponFlow }
