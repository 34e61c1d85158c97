// The coupons list's Archived tab: the copy archived by duplicateArchiveFlow has left the main list and is listed
// under Archived (?view=archived), whose rows still open the read-only promotion page.

async function archivedFlow({ base, page, step, goto, shot, expectVisible, name, customId }) {
  await step("archived promotions: gone from the main list, listed under the Archived tab", async () => {
    await goto(`${base}/app/coupons`)
    const search = page.getByPlaceholder("Search name or ID")
    const rows = page.locator("tbody tr")
    await search.fill(customId)
    // The original is listed, its archived copy (custom ID "<id>-copy") is not.
    await expectVisible(rows.filter({ hasText: customId }))
    await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1)
    if (await rows.filter({ hasText: `${name} (copy)` }).count()) throw new Error("the archived copy is in the main list")

    await page.getByRole("tab", { name: "Archived" }).click()
    await page.waitForURL(/view=archived/)
    const copy = rows.filter({ hasText: `${name} (copy)` })
    await expectVisible(copy)
    await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1)
    const text = await copy.innerText()
    if (!text.includes("Archived") || !text.includes(`${customId}-copy`)) throw new Error(`archived row reads: ${text}`)
    await search.fill("")
    await expectVisible(copy)
    const statuses = await page.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.innerText))
    const live = statuses.filter((t) => !/\bArchived\b/.test(t))
    if (live.length) throw new Error(`the Archived tab lists live promotions: ${live.join(" | ")}`)
    await shot("coupons-archived-list")

    await copy.click()
    await page.waitForURL(/\/coupons\/cpromo_/)
    await expectVisible(page.getByRole("heading", { name: `${name} (copy)` }))
    await page.goBack()
    await page.waitForURL(/view=archived/)
    await expectVisible(page.getByRole("tab", { name: "Archived", selected: true }))
    await page.getByRole("tab", { name: "Active" }).click()
    await page.waitForURL((u) => !u.search.includes("view=archived"))
    await expectVisible(rows.filter({ hasText: name }))
  })
}

module.exports = { archivedFlow }
