// A throwaway database for one run of a multi-process suite (test:cluster, test:faults): the database server
// (embedded unless DATABASE_URL / DB_HOST name one), a fresh database on it, the app's env for it, and the drop.
const { Client } = require("pg")
const { ensureDbServer, createDatabaseIfMissing, urlFromDbEnv } = require("../db")

/** Drops a throwaway database, closing whatever connections are still open on it; never throws. */
async function dropDatabase(serverEnv, dbName) {
  const admin = new Client({ connectionString: urlFromDbEnv(serverEnv, "postgres") })
  await admin
    .connect()
    .then(() => admin.query(`DROP DATABASE IF EXISTS "${dbName.replace(/"/g, '""')}" WITH (FORCE)`))
    .catch(() => {})
    .finally(() => admin.end().catch(() => {}))
}

/**
 * Reaches the database server (`name` names an embedded one's data dir), creates `medusa-coupon-<name>-<now>` on it
 * and returns { server, dbName, databaseUrl, env, drop() }. `env` is what `medusa start` gets: process.env with the
 * server's DB_* and this database, the admin off, NODE_ENV development. `drop()` drops the database, then stops the
 * server.
 */
async function createSuiteDatabase(name) {
  const server = await ensureDbServer({ name })
  const dbName = `medusa-coupon-${name}-${Date.now()}`
  await createDatabaseIfMissing(server.env, dbName)
  const databaseUrl = urlFromDbEnv(server.env, dbName)
  const env = {
    ...process.env,
    ...server.env,
    DB_NAME: dbName,
    DATABASE_URL: databaseUrl,
    ADMIN_DISABLED: "true",
    NODE_ENV: "development",
  }
  return {
    server,
    dbName,
    databaseUrl,
    env,
    async drop() {
      await dropDatabase(server.env, dbName)
      await server.stop()
    },
  }
}

module.exports = { createSuiteDatabase, dropDatabase }
