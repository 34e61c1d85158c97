// The first admin step: logging in to the Medusa admin while Vite optimizes dependencies on the first visit (the page
// may reload and the dev server restart), retried until the session sticks.
const { waitForStableServer } = require("./dev-server")
const { FIRST_LOAD_MS } = require("./page-kit")

async function loginFlow({ base, page, step, logIn }) {
  await step("log in to the Medusa admin", async () => {
    // Vite optimizes dependencies on the first visit and may reload the page (and the dev server may restart):
    // retry the whole login until it sticks.
    const deadline = Date.now() + FIRST_LOAD_MS * 2
    for (;;) {
      await waitForStableServer(base)
      await page.goto(`${base}/app/login`, { timeout: FIRST_LOAD_MS }).catch(() => {})
      const ok = await page
        .locator('input[name="email"]')
        .waitFor({ timeout: 60000 })
        .then(() => logIn())
        .then(() => page.waitForLoadState("networkidle").catch(() => {}))
        .then(
          () => !new URL(page.url()).pathname.includes("/login"),
          () => false
        )
      if (ok) break
      if (Date.now() > deadline) throw new Error("could not log in")
    }
  })
}

module.exports = { loginFlow }
