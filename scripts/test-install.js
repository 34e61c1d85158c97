/* eslint-disable no-console */
// `npm run test:install`: proves the packed plugin installs and serves in a separate Medusa app.
//   1. medusa plugin:build, npm pack; the tarball must not contain tests, medusa-config.ts or dev scripts
//   2. a throwaway Medusa 2.21 app (registry packages only) in .tmp/install-check installs the tarball
//   3. medusa db:migrate (runs the plugin's migrations), medusa user, boot the app
//   4. log in as that admin and GET /admin/coupon-promotions -> 200
const fs = require("fs")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { ensureDbServer, createDatabaseIfMissing, urlFromDbEnv, freePort, ROOT } = require("./db")

const pkg = require(path.join(ROOT, "package.json"))
const MEDUSA_VERSION = require(path.join(ROOT, "node_modules/@medusajs/medusa/package.json")).version
const WORK = path.join(ROOT, ".tmp", "install-check")
const APP = path.join(WORK, "app")
const FORBIDDEN = [/__tests__/, /\.spec\./, /integration-tests\//, /medusa-config/, /package\/dev\//, /package\/scripts\//, /package\/bench\//, /\.pgdata/]

const results = []
function record(name, ok, detail = "") {
  results.push(ok)
  console.log(`  ${ok ? "✓" : "✗"} ${name}${detail ? `: ${detail}` : ""}`)
  if (!ok) throw new Error(`${name} failed ${detail}`)
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.capture ? "pipe" : "inherit", ...opts })
  if (r.status !== 0) {
    const out = opts.capture ? `${r.stdout}\n${r.stderr}` : ""
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${out.slice(-3000)}`)
  }
  return opts.capture ? r.stdout.toString() : ""
}


async function waitForHealth(base, child, getOutput, timeoutMs = 240000) {
  const start = Date.now()
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode})\n${getOutput().slice(-3000)}`)
    try {
      if ((await fetch(`${base}/health`)).status === 200) return
    } catch {}
    await new Promise((r) => setTimeout(r, 1000))
  }
  throw new Error(`the app did not answer /health in time\n${getOutput().slice(-3000)}`)
}

async function main() {
  fs.rmSync(WORK, { recursive: true, force: true })
  fs.mkdirSync(APP, { recursive: true })

  console.log("[install] building the plugin…")
  sh(path.join(ROOT, "node_modules/.bin/medusa"), ["plugin:build"], { cwd: ROOT })
  const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", WORK], { cwd: ROOT, capture: true }))
  const tarball = path.join(WORK, packed[0].filename)
  const files = packed[0].files.map((f) => `package/${f.path}`)
  const leaked = files.filter((f) => FORBIDDEN.some((re) => re.test(f)))
  record("the tarball holds no tests, medusa-config or dev scripts", leaked.length === 0, leaked.slice(0, 5).join(", "))
  record(
    "the tarball holds the module, its migrations and the admin routes",
    ["modules/coupon/index.js", "modules/coupon/migrations/", "api/admin/coupon-promotions/route.js"].every((p) =>
      files.some((f) => f.includes(`.medusa/server/src/${p}`))
    )
  )

  const server = await ensureDbServer({ name: "install-check" })
  const dbName = `coupon-install-check-${process.pid}`
  await createDatabaseIfMissing(server.env, dbName)
  let app
  try {
    fs.writeFileSync(
      path.join(APP, "package.json"),
      JSON.stringify(
        {
          name: "coupon-install-check",
          private: true,
          dependencies: {
            "@medusajs/admin-sdk": MEDUSA_VERSION,
            "@medusajs/cli": MEDUSA_VERSION,
            "@medusajs/framework": MEDUSA_VERSION,
            "@medusajs/medusa": MEDUSA_VERSION,
            [pkg.name]: `file:${tarball}`,
          },
          devDependencies: { "@swc/core": "^1.7.28", "ts-node": "^10.9.2", typescript: "^5.6.2", "@types/node": "^20.12.11" },
        },
        null,
        2
      )
    )
    fs.writeFileSync(
      path.join(APP, "medusa-config.ts"),
      `import { defineConfig } from "@medusajs/framework/utils"
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { jwtSecret: "install-check", cookieSecret: "install-check", storeCors: "*", adminCors: "*", authCors: "*" },
  },
  admin: { disable: true },
  plugins: [{ resolve: "${pkg.name}", options: {} }],
})
`
    )
    fs.writeFileSync(
      path.join(APP, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2021", module: "Node16", moduleResolution: "Node16", esModuleInterop: true, skipLibCheck: true } })
    )
    console.log("[install] installing a fresh Medusa app with the tarball (npm registry)…")
    sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: APP })
    record("npm install of the tarball in a fresh Medusa app", fs.existsSync(path.join(APP, "node_modules", pkg.name, "package.json")))

    const env = {
      ...process.env,
      ...server.env,
      DATABASE_URL: urlFromDbEnv(server.env, dbName),
      MEDUSA_DISABLE_TELEMETRY: "true",
      NODE_ENV: "development",
    }
    const medusa = path.join(APP, "node_modules/.bin/medusa")
    sh(medusa, ["db:migrate"], { cwd: APP, env, capture: true })
    const { Client } = require("pg")
    const client = new Client({ connectionString: env.DATABASE_URL })
    await client.connect()
    const { rows } = await client.query("SELECT to_regclass('public.coupon') AS t, to_regclass('public.coupon_promotion') AS p")
    await client.end()
    record("medusa db:migrate created the plugin's tables", !!rows[0].t && !!rows[0].p)

    const email = "install-check@example.com"
    const password = "install-check-pw"
    sh(medusa, ["user", "-e", email, "-p", password], { cwd: APP, env, capture: true })

    const port = await freePort()
    let output = ""
    app = spawn(medusa, ["develop"], { cwd: APP, env: { ...env, PORT: String(port) }, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    app.stdout.on("data", (d) => (output += d))
    app.stderr.on("data", (d) => (output += d))
    const base = `http://localhost:${port}`
    await waitForHealth(base, app, () => output)
    record("the app with the plugin boots and answers /health", true)

    const login = await fetch(`${base}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    })
    const { token } = await login.json()
    const res = await fetch(`${base}/admin/coupon-promotions`, { headers: { authorization: `Bearer ${token}` } })
    const body = await res.json()
    record("GET /admin/coupon-promotions answers 200 with an admin token", res.status === 200 && Array.isArray(body.coupon_promotions), `status ${res.status}`)
  } finally {
    if (app) {
      try {
        process.kill(-app.pid, "SIGTERM")
      } catch {}
      await new Promise((r) => setTimeout(r, 2000))
      try {
        process.kill(-app.pid, "SIGKILL")
      } catch {}
    }
    if (!server.embedded) {
      const { Client } = require("pg")
      const c = new Client({ connectionString: urlFromDbEnv(server.env, "postgres") })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined)
      await c.end()
    }
    await server.stop()
    if (process.env.KEEP_INSTALL_CHECK !== "true") fs.rmSync(WORK, { recursive: true, force: true })
  }
}

main()
  .then(() => {
    console.log(`install check: ${results.length} passed, 0 failed`)
    process.exit(0)
  })
  .catch((e) => {
    console.error(e.message)
    console.log(`install check: ${results.filter(Boolean).length} passed, 1 failed`)
    process.exit(1)
  })
