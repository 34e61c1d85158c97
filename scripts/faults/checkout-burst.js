/* eslint-disable no-console */
// Scenario 3 of test:faults: SIGKILL during a burst of concurrent cart completions with coupons, the shoppers' retries
// after the restart, and (once the job has settled what the crash left) the burst's ledger: no use double spent.
const { SEED, SETTLE_CYCLE_MS, RESERVATION_TIMEOUT_MINUTES, SLACK_MS, log, sleep, seededRandom, until, check } =
  require("./harness")
const { completeCart: postComplete } = require("../lib/store-checkout")

// 3. SIGKILL during a burst of 20 concurrent completions of carts with coupons; the shoppers retry after the restart.
async function checkoutBurst({ seed, sql, app }) {
  const { carts, couponIds } = seed.checkout
  console.log(`3. kill during ${carts.length} concurrent cart completions (seed ${SEED})`)
  const complete = (cartId) => completeCart(app.base(), seed.publishableKey, cartId)
  // Killed a seeded moment after the first cart became an order, so the crash lands inside the burst: some carts
  // done, some between their reservation and their order (or order.placed), some not started.
  const delayMs = Math.round(seededRandom(SEED)() * 500)
  const firedAt = Date.now()
  const burst = Promise.all(carts.map((cartId) => complete(cartId)))
  let done = false
  burst.then(() => (done = true))
  await until(
    "the first cart of the burst to become an order",
    async () => {
      if (done) throw new Error("the whole burst finished before any order was seen")
      const [r] = await sql(`SELECT count(*)::int AS n FROM order_cart WHERE cart_id = ANY($1)`, [carts])
      return r.n > 0
    },
    120000,
    10
  )
  const firstOrderAfter = Date.now() - firedAt
  await sleep(delayMs)
  const killedAt = await app.crash()
  const answers = await burst
  const ordered = answers.filter((a) => a.status === 200 && a.body?.type === "order")
  const cut = answers.filter((a) => a.status === 0)
  const other = answers.filter((a) => !(a.status === 200 && a.body?.type === "order") && a.status !== 0)
  const atKill = await checkoutSnapshot(sql, seed)
  log(
    `first order ${firstOrderAfter} ms after firing, killed ${delayMs} ms later: ` +
      `${ordered.length} answered with an order, ${cut.length} cut off, ${other.length} other; ` +
      `in the database ${atKill.orders} orders (${atKill.linked} linked to their cart), ` +
      `redemptions ${atKill.reserved} reserved / ${atKill.confirmed} confirmed / ${atKill.released} released`
  )
  check(
    "every completion answered an order or was cut off by the kill",
    other.length === 0,
    JSON.stringify(other.slice(0, 2)).slice(0, 300)
  )
  // Restarted with the default reservation timeout: the job leaves every reservation alone while the shoppers retry.
  const upAt = await app.boot()
  log(`restarted in ${((upAt - killedAt) / 1000).toFixed(1)} s`)
  const linked = new Set(
    (await sql(`SELECT cart_id FROM order_cart WHERE cart_id = ANY($1) AND deleted_at IS NULL`, [carts])).map((r) => r.cart_id)
  )
  const pending = carts.filter((id) => !linked.has(id))
  const retried = await Promise.all(pending.map((cartId) => complete(cartId)))
  const retriedOk = retried.filter((a) => a.status === 200 && a.body?.type === "order")
  log(`retried the ${pending.length} carts without an order: ${retriedOk.length} orders`)
  check(
    `the ${pending.length} carts that did not complete complete on retry`,
    retriedOk.length === pending.length,
    JSON.stringify(retried.filter((a) => !(a.status === 200 && a.body?.type === "order")).slice(0, 2)).slice(0, 400)
  )
  // order.placed of the retried orders runs in the app after the answer: their uses are confirmed shortly.
  const retriedCarts = retriedOk.map((a) => a.cartId)
  await until(
    "the retried carts' uses to be confirmed (order.placed)",
    async () => {
      const [r] = await sql(
        `SELECT count(*)::int AS n FROM coupon_redemption WHERE cart_id = ANY($1) AND coupon_id = ANY($2) AND state = 'confirmed'`,
        [retriedCarts, couponIds]
      )
      return r.n === retriedCarts.length * couponIds.length
    },
    30000
  ).then(
    () => check("the retried carts' uses are confirmed with their new orders", true),
    (e) => check("the retried carts' uses are confirmed with their new orders", false, e.message)
  )
  // What only the job can settle now: uses of carts whose order was linked before the kill but whose order.placed
  // never ran (their carts are not retried: Medusa answers their existing order).
  const [{ left }] = await sql(
    `SELECT count(*)::int AS left FROM coupon_redemption WHERE coupon_id = ANY($1) AND state = 'reserved' AND deleted_at IS NULL`,
    [couponIds]
  )
  log(`${left} use(s) left reserved for the job`)
  return { killedAt, atKill, left }
}

/** After the restart with the lowered timeout: the job settles what the crash left; then the ledger is checked. */
async function checkoutSettled({ seed, sql, burst, app }) {
  const { carts, couponIds } = seed.checkout
  console.log(`3. (continued) the burst's ledger, the app running with a reservation timeout of ${RESERVATION_TIMEOUT_MINUTES} min`)
  const { left } = burst
  const [{ last }] = await sql(
    `SELECT max(reserved_at) AS last FROM coupon_redemption
      WHERE coupon_id = ANY($1) AND state = 'reserved' AND deleted_at IS NULL`,
    [couponIds]
  )
  // The job runs on every minute while the app is up; its first run past the timeout (after the last restart, should
  // a kill have cut the one before) settles them.
  const upAt = app.upAt
  const settleBy = last
    ? Math.max(upAt, new Date(last).getTime() + RESERVATION_TIMEOUT_MINUTES * 60000) + SETTLE_CYCLE_MS + SLACK_MS
    : Date.now()
  const settled = await until(
    "no coupon use of the burst to be left reserved",
    async () => {
      const [r] = await sql(
        `SELECT count(*)::int AS n FROM coupon_redemption WHERE coupon_id = ANY($1) AND state = 'reserved' AND deleted_at IS NULL`,
        [couponIds]
      )
      return r.n === 0
    },
    Math.max(0, settleBy - Date.now()),
    500
  ).then(
    () => null,
    (e) => e.message
  )
  check(
    `the ${left} use(s) the crash left reserved are settled by the job within one run past the timeout`,
    settled === null,
    settled ?? `${((Date.now() - app.upAt) / 1000).toFixed(1)} s after the restart at the latest`
  )
  const end = await checkoutSnapshot(sql, seed)
  log(
    `ledger: ${end.orders} orders (${end.linked} linked to a cart), redemptions ${end.reserved} reserved / ` +
      `${end.confirmed} confirmed / ${end.released} released`
  )
  check(`each of the ${carts.length} carts is linked to exactly one order`, end.linked === carts.length, `${end.linked}`)
  const counters = await sql(
    `SELECT c.code, c.uses_count, c.customers_count,
            count(r.id) FILTER (WHERE r.state <> 'released')::int AS live,
            count(DISTINCT r.customer_id) FILTER (WHERE r.state <> 'released')::int AS live_customers
       FROM coupon c LEFT JOIN coupon_redemption r ON r.coupon_id = c.id AND r.deleted_at IS NULL
      WHERE c.id = ANY($1) GROUP BY c.id ORDER BY c.code`,
    [couponIds]
  )
  for (const c of counters) {
    check(
      `${c.code}: uses_count equals its non-released redemptions, one per cart (no use double spent)`,
      c.uses_count === c.live && c.live === carts.length,
      `uses_count ${c.uses_count}, non-released ${c.live}, carts ${carts.length}`
    )
  }
  const first = counters.find((c) => c.code === "FAULTSFIRST30")
  check(
    "FAULTSFIRST30: customers_count equals its distinct customers",
    first && first.customers_count === first.live_customers,
    first && `customers_count ${first.customers_count}, customers ${first.live_customers}`
  )
  // Every (order, code) discount on the carts' orders against the confirmed uses, both ways.
  const mismatched = await sql(
    `WITH discounted AS (
       SELECT DISTINCT oc.order_id, regexp_replace(a.description, '^Coupon ', '') AS code
         FROM order_cart oc
         JOIN order_item oi ON oi.order_id = oc.order_id AND oi.deleted_at IS NULL
         JOIN order_line_item_adjustment a ON a.item_id = oi.item_id AND a.deleted_at IS NULL
        WHERE oc.cart_id = ANY($1) AND oc.deleted_at IS NULL AND a.provider_id = 'coupon-batches'
     ), confirmed AS (
       SELECT r.order_id, c.code, count(*)::int AS n
         FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
        WHERE r.coupon_id = ANY($2) AND r.state = 'confirmed' AND r.deleted_at IS NULL GROUP BY 1, 2
     )
     SELECT coalesce(d.order_id, c.order_id) AS order_id, coalesce(d.code, c.code) AS code,
            d.order_id IS NOT NULL AS discounted, coalesce(c.n, 0) AS confirmed
       FROM discounted d FULL JOIN confirmed c ON c.order_id = d.order_id AND c.code = d.code
      WHERE d.order_id IS NULL OR coalesce(c.n, 0) <> 1`,
    [carts, couponIds]
  )
  const [{ pairs }] = await sql(
    `SELECT count(*)::int AS pairs FROM (
       SELECT DISTINCT oi.order_id, a.description FROM order_cart oc
         JOIN order_item oi ON oi.order_id = oc.order_id AND oi.deleted_at IS NULL
         JOIN order_line_item_adjustment a ON a.item_id = oi.item_id AND a.deleted_at IS NULL
        WHERE oc.cart_id = ANY($1) AND oc.deleted_at IS NULL AND a.provider_id = 'coupon-batches') q`,
    [carts]
  )
  check(
    "every cart's order has exactly one confirmed redemption per coupon discount, and every confirmed redemption its discount",
    mismatched.length === 0 && pairs === carts.length * couponIds.length,
    `${pairs} discounted (order, code) pairs; mismatches ${JSON.stringify(mismatched.slice(0, 3))}`
  )
  // Orders Medusa wrote before the kill but never linked to their cart (the crash fell between its createOrdersStep
  // and the link): the retry made the cart's real order. They carry the discount but took no use and no payment.
  const orphans = await sql(
    `SELECT o.id,
            EXISTS (SELECT 1 FROM order_payment_collection p WHERE p.order_id = o.id AND p.deleted_at IS NULL) AS paid,
            (SELECT count(*)::int FROM coupon_redemption r WHERE r.order_id = o.id AND r.state <> 'released') AS uses
       FROM "order" o
      WHERE o.email LIKE 'faults%@coupons.test' AND o.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM order_cart oc WHERE oc.order_id = o.id AND oc.deleted_at IS NULL)`
  )
  log(`${orphans.length} order(s) written before the kill but never linked to their cart (Medusa's completion cut between its steps)`)
  check(
    "those unlinked orders hold no coupon use and no payment",
    orphans.every((o) => !o.paid && o.uses === 0),
    JSON.stringify(orphans.filter((o) => o.paid || o.uses).slice(0, 3))
  )
}

/** One shopper's completion: { cartId, status, body }, or status 0 when the kill cut the connection. */
async function completeCart(base, publishableKey, cartId) {
  try {
    return { cartId, ...(await postComplete(base, publishableKey, cartId)) }
  } catch (e) {
    return { cartId, status: 0, error: e.cause?.code || e.message }
  }
}

async function checkoutSnapshot(sql, seed) {
  const { carts, couponIds } = seed.checkout
  const [s] = await sql(
    `SELECT (SELECT count(*)::int FROM order_cart WHERE cart_id = ANY($1) AND deleted_at IS NULL) AS linked,
            (SELECT count(*)::int FROM "order" WHERE email LIKE 'faults%@coupons.test' AND deleted_at IS NULL) AS orders,
            (SELECT count(*)::int FROM coupon_redemption WHERE coupon_id = ANY($2) AND state = 'reserved') AS reserved,
            (SELECT count(*)::int FROM coupon_redemption WHERE coupon_id = ANY($2) AND state = 'confirmed') AS confirmed,
            (SELECT count(*)::int FROM coupon_redemption WHERE coupon_id = ANY($2) AND state = 'released') AS released`,
    [carts, couponIds]
  )
  return s
}

module.exports = { checkoutBurst, checkoutSettled }
