/* eslint-disable no-console */
// Usage: node scripts/with-db.js <command> [args...]
// Runs a command with DB_* (and DATABASE_URL for database `medusa-coupon`) pointing at a PostgreSQL:
// the one configured in the environment, or an embedded one started for the command and stopped after it.
const { spawn } = require("child_process")
const { ensureDbServer, createDatabaseIfMissing, urlFromDbEnv } = require("./db")

async function main() {
  const [cmd, ...args] = process.argv.slice(2)
  if (!cmd) {
    console.error("usage: node scripts/with-db.js <command> [args...]")
    process.exit(2)
  }
  const server = await ensureDbServer({ name: process.env.EMBEDDED_PG_NAME || "tools" })
  const dbName = process.env.DB_NAME || "medusa-coupon"
  await createDatabaseIfMissing(server.env, dbName)
  const env = {
    ...process.env,
    ...server.env,
    DB_NAME: dbName,
    DATABASE_URL: process.env.DATABASE_URL || urlFromDbEnv(server.env, dbName),
  }
  const child = spawn(cmd, args, { stdio: "inherit", env, shell: process.platform === "win32" })
  const forward = (sig) => child.kill(sig)
  process.on("SIGINT", forward)
  process.on("SIGTERM", forward)
  const code = await new Promise((resolve) => child.on("exit", (c, sig) => resolve(c ?? (sig ? 1 : 0))))
  await server.stop()
  process.exit(code)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
