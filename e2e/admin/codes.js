// The promotion page's batches and codes: generating 1,000 codes with live progress, the codes table (search, a
// coupon's redemption history), importing a CSV (a clashing code named with its row, then a good file), codes.csv.
const fs = require("fs")
const path = require("path")
const { STEP_MS } = require("./page-kit")

async function codesFlow({ page, step, shot, expectVisible, suffix, tmp }) {
  let existingCode

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
}

module.exports = { codesFlow }
