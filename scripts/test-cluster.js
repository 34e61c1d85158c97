/* eslint-disable no-console */
// `npm run test:cluster`: two real app instances (`medusa start`, one "shared", one "server") on one PostgreSQL with
// Medusa's Redis event bus, locking and workflow engine (COUPON_CLUSTER=true in medusa-config.ts). Seeds carts, sends
// the concurrent completions split across both instances and checks the checkout invariants in Postgres:
//   - 200 carts of 200 customers with a "first 20 customers" code: exactly 20 orders, the rest refused, counters 20,
//     every use confirmed with its order (order.placed through the Redis event bus);
//   - 50 carts of one customer against a 100.00 personal balance: never below zero, and it fell by exactly the
//     coupon discounts the orders kept.
// Starts redis-server on 6379 when nothing listens there (installs it with apt-get if missing).
const net = require("net")
const { spawnSync } = require("child_process")
const { Client } = require("pg")
const { freePort } = require("./db")
const { runMedusa: run, seedResult, startInstance, waitHealthy: waitUntilHealthy } = require("./lib/app-instance")
const { createSuiteDatabase } = require("./lib/suite-database")
const { completeCart } = require("./lib/store-checkout")

const BOOT_TIMEOUT_MS = Number(process.env.CLUSTER_BOOT_TIMEOUT_MS || 300000)
const REDIS_PORT = 6379

function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    socket.once("connect", () => socket.end() && resolve(true))
    socket.once("error", () => resolve(false))
  })
}

async function ensureRedis() {
  if (await listening(REDIS_PORT)) return
  if (spawnSync("which", ["redis-server"]).status !== 0) {
    console.log("[cluster] installing redis-server")
    spawnSync("apt-get", ["install", "-y", "redis-server"], { stdio: "inherit" })
    if (spawnSync("which", ["redis-server"]).status !== 0) {
      spawnSync("apt-get", ["update"], { stdio: "inherit" })
      spawnSync("apt-get", ["install", "-y", "redis-server"], { stdio: "inherit" })
    }
  }
  const r = spawnSync(
    "redis-server",
    ["--daemonize", "yes", "--port", String(REDIS_PORT), "--save", "", "--appendonly", "no"],
    { stdio: "inherit" }
  )
  if (r.status !== 0) throw new Error("could not start redis-server")
  for (let i = 0; i < 50 && !(await listening(REDIS_PORT)); i++) await new Promise((res) => setTimeout(res, 100))
  if (!(await listening(REDIS_PORT))) throw new Error("redis-server did not come up on 6379")
  console.log("[cluster] started redis-server on 6379")
}

const waitHealthy = (instance) => waitUntilHealthy(instance, BOOT_TIMEOUT_MS)

async function complete(instance, cartId, publishableKey) {
  return { ...(await completeCart(instance.base, publishableKey, cartId)), instance: instance.name }
}

async function main() {
  await ensureRedis()
  const database = await createSuiteDatabase("cluster")
  const { databaseUrl } = database
  const env = {
    ...database.env,
    REDIS_URL: process.env.REDIS_URL || `redis://localhost:${REDIS_PORT}`,
    COUPON_CLUSTER: "true",
  }
  const results = []
  const check = (name, ok, detail = "") => {
    results.push(ok)
    console.log(`  ${ok ? "✓" : "✗"} ${name}${ok || !detail ? "" : `: ${detail}`}`)
  }
  const instances = []
  const db = new Client({ connectionString: databaseUrl })
  try {
    console.log("[cluster] migrating")
    run(["db:migrate"], env)
    console.log("[cluster] seeding 250 carts")
    const seed = seedResult(run(["exec", "./scripts/cluster-seed.ts"], env), "CLUSTER_SEED")

    const [portA, portB] = [await freePort(), await freePort()]
    instances.push(startInstance("A (shared)", portA, { ...env, MEDUSA_WORKER_MODE: "shared" }))
    instances.push(startInstance("B (server)", portB, { ...env, MEDUSA_WORKER_MODE: "server" }))
    console.log("[cluster] starting two instances")
    await Promise.all(instances.map(waitHealthy))
    await db.connect()
    const redisModules = [
      "Connection to Redis in module 'event-bus-redis' established",
      "Connection to Redis in module 'workflow-engine-redis' established",
      'Connection to Redis in "locking-redis" provider established',
    ]
    check(
      "both instances run Medusa's Redis event bus, workflow engine and locking",
      instances.every((instance) => redisModules.every((line) => instance.bootLog().includes(line))),
      instances.map((instance) => `${instance.name}: ${redisModules.filter((l) => !instance.bootLog().includes(l)).join("; ")}`).join(" | ")
    )

    // 1. "first 20 customers", 200 carts, completions alternate between the instances, all at once.
    let started = Date.now()
    const first = await Promise.all(
      seed.first.carts.map((id, i) => complete(instances[i % 2], id, seed.publishableKey))
    )
    console.log(`[cluster] 200 completions in ${Date.now() - started} ms`)
    const firstOrders = first.filter((r) => r.status === 200 && r.body?.type === "order")
    const firstRefused = first.filter((r) => r.status === 400)
    check("first 20: exactly 20 orders", firstOrders.length === 20, `${firstOrders.length} orders`)
    check(
      "first 20: the other 180 refused with the usage-limit message",
      firstRefused.length === 180 &&
        firstRefused.every((r) => r.body?.message === "This coupon has reached its usage limit"),
      JSON.stringify(first.filter((r) => !(r.status === 200 || r.status === 400)).slice(0, 3).concat(firstRefused.slice(0, 1)))
    )
    check(
      "first 20: both instances answered completions",
      new Set(first.map((r) => r.instance)).size === 2 && first.every((r) => r.status === 200 || r.status === 400)
    )
    const { rows: links } = await db.query(`SELECT count(*)::int AS n FROM order_cart WHERE cart_id = ANY($1)`, [
      seed.first.carts,
    ])
    check("first 20: 20 carts became orders", links[0].n === 20, `${links[0].n}`)
    const { rows: firstCoupon } = await db.query(
      `SELECT c.uses_count, c.customers_count, c.state, p.customers_used
         FROM coupon c JOIN coupon_promotion p ON p.id = c.promotion_id WHERE c.id = $1`,
      [seed.first.couponId]
    )
    check(
      "first 20: counters say 20",
      firstCoupon[0].uses_count === 20 && firstCoupon[0].customers_count === 20 && firstCoupon[0].customers_used === 20,
      JSON.stringify(firstCoupon[0])
    )
    const { rows: discounted } = await db.query(
      `SELECT count(DISTINCT oi.order_id)::int AS n FROM order_line_item_adjustment a
         JOIN order_item oi ON oi.item_id = a.item_id AND oi.deleted_at IS NULL
        WHERE oi.order_id = ANY($1) AND a.provider_id = 'coupon-batches' AND a.deleted_at IS NULL`,
      [firstOrders.map((r) => r.body.order.id)]
    )
    check("first 20: every order carries the coupon discount", discounted[0].n === 20, `${discounted[0].n}`)
    let confirmed = 0
    started = Date.now()
    while (Date.now() - started < 60000) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM coupon_redemption WHERE coupon_id = $1 AND state = 'confirmed' AND order_id IS NOT NULL`,
        [seed.first.couponId]
      )
      confirmed = rows[0].n
      if (confirmed === 20) break
      await new Promise((r) => setTimeout(r, 500))
    }
    check("first 20: 20 uses confirmed with their orders via order.placed on the Redis event bus", confirmed === 20, `${confirmed}`)

    // 2. One personal balance, 50 carts of its owner, split across both instances.
    const gift = await Promise.all(seed.gift.carts.map((id, i) => complete(instances[i % 2], id, seed.publishableKey)))
    const giftOrders = gift.filter((r) => r.status === 200 && r.body?.type === "order")
    const giftOther = gift.filter(
      (r) => !(r.status === 200 || (r.status === 400 && r.body?.message === "The coupon balance has changed. Review your cart and try again"))
    )
    check("balance: every completion either ordered or was refused for the balance", giftOther.length === 0, JSON.stringify(giftOther.slice(0, 2)))
    const { rows: giftCoupon } = await db.query(
      `SELECT amount_used::numeric AS used, uses_count FROM coupon WHERE id = $1`,
      [seed.gift.couponId]
    )
    const { rows: spent } = await db.query(
      `SELECT COALESCE(sum(a.amount), 0)::numeric AS total FROM order_line_item_adjustment a
         JOIN order_item oi ON oi.item_id = a.item_id AND oi.deleted_at IS NULL
        WHERE oi.order_id = ANY($1) AND a.provider_id = 'coupon-batches' AND a.deleted_at IS NULL`,
      [giftOrders.map((r) => r.body.order.id)]
    )
    const used = Number(giftCoupon[0].used)
    check("balance: never below zero", used <= 100 && used >= 0, `${used}`)
    check(
      "balance: fell by exactly the orders' coupon discounts",
      Math.round(used * 100) === Math.round(Number(spent[0].total) * 100) && giftCoupon[0].uses_count === giftOrders.length,
      `used ${used}, orders kept ${spent[0].total}, uses ${giftCoupon[0].uses_count}, orders ${giftOrders.length}`
    )
    check("balance: some orders and some refusals", giftOrders.length > 0 && giftOrders.length < 50, `${giftOrders.length}`)
  } catch (e) {
    results.push(false)
    console.log(`  ✗ ${e.message}`)
    for (const instance of instances) console.log(`--- ${instance.name} (tail) ---\n${instance.output().slice(-3000)}`)
  } finally {
    await db.end().catch(() => {})
    await Promise.all(instances.map((instance) => instance.stop()))
    await database.drop()
  }
  const passed = results.filter(Boolean).length
  const failed = results.length - passed
  console.log(`cluster: ${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  console.error(e)
  console.log("cluster: 0 passed, 1 failed")
  process.exit(1)
})
