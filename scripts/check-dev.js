/* eslint-disable no-console */
// `npm run test:dev`: starts `npm run dev` on a throwaway database and a free port, then checks what a new user
// would do: GET /health is 200, the printed admin credentials log in, and the admin app is served at /app.
const { launchDevStore, waitFor: waitUntil } = require("./lib/dev-store")

const TIMEOUT_MS = Number(process.env.DEV_CHECK_TIMEOUT_MS || 420000)

const waitFor = (fn, what) => waitUntil(fn, what, TIMEOUT_MS)

async function main() {
  const store = await launchDevStore()
  const { base } = store

  const results = []
  const check = async (name, fn) => {
    try {
      await fn()
      results.push([name, true])
      console.log(`  ✓ ${name}`)
    } catch (e) {
      results.push([name, false])
      console.log(`  ✗ ${name}: ${e.message}`)
    }
  }

  try {
    const creds = await store.credentials(TIMEOUT_MS)
    await check("GET /health answers 200", async () => {
      await waitFor(async () => (await fetch(`${base}/health`)).status === 200, "/health")
    })
    let token
    await check("the printed admin credentials log in", async () => {
      const res = await fetch(`${base}/auth/user/emailpass`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(creds),
      })
      if (res.status !== 200) throw new Error(`login answered ${res.status}`)
      token = (await res.json()).token
      const me = await fetch(`${base}/admin/users/me`, { headers: { authorization: `Bearer ${token}` } })
      const body = await me.json()
      if (body.user?.email !== creds.email) throw new Error(`users/me answered ${me.status}`)
    })
    await check("the plugin's admin route answers for that admin", async () => {
      const res = await fetch(`${base}/admin/coupon-promotions`, { headers: { authorization: `Bearer ${token}` } })
      if (res.status !== 200) throw new Error(`answered ${res.status}`)
    })
    await check("the admin app is served at /app", async () => {
      const html = await waitFor(async () => {
        const res = await fetch(`${base}/app`)
        return res.status === 200 && (await res.text())
      }, "/app")
      if (!/<div id="medusa"|<script/i.test(html)) throw new Error("/app did not serve the admin page")
    })
  } catch (e) {
    results.push(["dev store started", false])
    console.log(`  ✗ ${e.message}\n--- dev output (tail) ---\n${store.output().slice(-4000)}`)
  } finally {
    await store.stop()
  }
  const passed = results.filter((r) => r[1]).length
  const failed = results.length - passed
  console.log(`dev check: ${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
