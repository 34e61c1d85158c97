// The promotion detail page: its rules, stats and batches; Duplicate, then Archive behind a cannot-be-undone
// prompt; deleting an unused batch with its codes.

/** Rules, stats, batches. */
async function detailFlow({ page, step, goto, shot, expectVisible, promotionUrl }) {
  await step("promotion detail: rules, stats, batches", async () => {
    await goto(promotionUrl)
    await expectVisible(page.getByText("Limited to one order"))
    await expectVisible(page.getByText("15% off").first())
    await shot("coupon-detail")
  })
}

/** Duplicate the promotion, then archive the copy. */
async function duplicateArchiveFlow({ page, step, goto, shot, expectVisible, name, promotionUrl }) {
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
}

/** "Delete batch" on a batch made for it through the API. */
async function deleteBatchFlow({ page, step, goto, shot, expectVisible, api, promotionUrl }) {
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
}

module.exports = { detailFlow, duplicateArchiveFlow, deleteBatchFlow }
