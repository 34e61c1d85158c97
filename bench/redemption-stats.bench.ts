/* eslint-disable no-console */
// Run by bench/redemption-stats.js through `medusa exec` on a database of its own: the redemption reports (issue 18)
// with BENCH_STATS_USES uses (default 1,000,000) of one promotion spread over the last 365 days, 30 other promotions
// with 1,000 uses each around it. The ledger is written with INSERT … SELECT generate_series (this measures the
// reports, not the loading): 96 % confirmed, 3 % released (2 % order_canceled), 50 checkouts in flight; 1,000 codes,
// 200,000 buyers (every tenth use a guest known by e-mail only), two currencies. Each sample is the module call a
// route makes (service.redemptionReports()), without HTTP. Prints one BENCH_RESULT line.
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../src/modules/coupon"
import { resolveReportRange } from "../src/engine/redemption-report"
import { summary } from "./checkout-harness-app"

export default async function redemptionStatsBench({ container }: ExecArgs) {
  const uses = Number(process.env.BENCH_STATS_USES || 1_000_000)
  const samples = Number(process.env.BENCH_STATS_SAMPLES || 30)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const service = container.resolve(COUPON_MODULE)

  const promotions = await service.createCouponPromotions(
    Array.from({ length: 31 }, (_, i) => ({
      custom_id: `BENCH-STATS-${i}`,
      name: `Bench stats ${i}`,
      coupon_type: "promotion_code" as const,
      discount_type: "fixed" as const,
      discount_value: 10,
      currency_code: "eur",
    }))
  )
  const [big, ...small] = promotions.map((p: { id: string }) => p.id)
  let t = Date.now()
  await knex.raw(
    `INSERT INTO coupon (id, code, promotion_id, state, uses_count)
     SELECT 'coupon_stats_' || lpad(g::text, 6, '0'), 'STATS' || lpad(g::text, 6, '0'),
            CASE WHEN g <= 1000 THEN ? ELSE (?::text[])[1 + g % 30] END, 'used_partially', 1
       FROM generate_series(1, 1300) g`,
    [big, small]
  )
  await knex.raw(
    `INSERT INTO coupon_redemption (id, coupon_id, promotion_id, customer_id, email, cart_id, order_id, amount,
                                    raw_amount, currency_code, state, reserved_at, confirmed_at, released_at,
                                    release_reason)
     SELECT 'credeem_stats_' || lpad(g::text, 9, '0'), 'coupon_stats_' || lpad((1 + g % 1000)::text, 6, '0'), ?,
            CASE WHEN g % 10 = 0 THEN NULL ELSE 'cus_stats_' || (g % 200000) END,
            'buyer' || (g % 200000) || '@bench.test', 'cart_stats_' || g,
            CASE WHEN g > 50 THEN 'order_stats_' || g END,
            amount, jsonb_build_object('value', amount::text, 'precision', 20),
            CASE WHEN g % 10 = 3 THEN 'usd' ELSE 'eur' END,
            CASE WHEN g <= 50 THEN 'reserved' WHEN g % 100 IN (96, 97, 98) THEN 'released' ELSE 'confirmed' END,
            at, CASE WHEN g > 50 THEN at + interval '2 seconds' END,
            CASE WHEN g > 50 AND g % 100 IN (96, 97, 98) THEN at + interval '1 day' END,
            CASE WHEN g <= 50 THEN NULL WHEN g % 100 IN (97, 98) THEN 'order_canceled'
                 WHEN g % 100 = 96 THEN 'reservation_timeout' END
       FROM (SELECT g, round((1 + g % 2000) / 100.0, 2) AS amount,
                    CASE WHEN g <= 50 THEN now() - interval '1 minute'
                         ELSE now() - interval '365 days' + (? - g) * interval '365 days' / ? END AS at
               FROM generate_series(1, ?) g) s`,
    [big, uses, uses, uses]
  )
  await knex.raw(
    `INSERT INTO coupon_redemption (id, coupon_id, promotion_id, customer_id, email, cart_id, order_id, amount,
                                    raw_amount, currency_code, state, reserved_at, confirmed_at)
     SELECT 'credeem_small_' || lpad(g::text, 9, '0'), 'coupon_stats_' || lpad((1001 + g % 300)::text, 6, '0'),
            (?::text[])[1 + (1001 + g % 300) % 30], 'cus_small_' || (g % 700), 'small' || g || '@bench.test',
            'cart_small_' || g, 'order_small_' || g, 5, '{"value":"5","precision":20}', 'eur', 'confirmed',
            now() - (g % 200) * interval '1 day', now() - (g % 200) * interval '1 day'
       FROM generate_series(1, 30000) g`,
    [small]
  )
  const loadMs = Date.now() - t
  // Settle the table, so autovacuum of a million fresh rows does not run during the timing (and the visibility map
  // lets the range reads stay in the index, as it does on a ledger autovacuum keeps up with).
  await knex.raw(`VACUUM ANALYZE coupon_redemption`)
  await knex.raw(`VACUUM ANALYZE coupon`)
  await knex.raw(`CHECKPOINT`).catch(() => undefined)

  const reports = service.redemptionReports()
  const now = new Date()
  const last30 = (resolveReportRange({}, now) as any).range
  const lastYear = (resolveReportRange({ from: new Date(now.getTime() - 365 * 86400000).toISOString().slice(0, 10) }, now) as any)
    .range
  const time = async (runs: number, task: () => Promise<unknown>) => {
    for (let i = 0; i < 3; i++) {
      await task()
    }
    const out: number[] = []
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint()
      await task()
      out.push(Number(process.hrtime.bigint() - started) / 1e6)
    }
    return summary(out)
  }

  const check = await reports.promotionStats(big, lastYear)
  const [{ n: confirmedInYear }] = (
    await knex.raw(
      `SELECT count(*)::int AS n FROM coupon_redemption WHERE promotion_id = ? AND state = 'confirmed' AND confirmed_at >= ?`,
      [big, `${lastYear.from}T00:00:00Z`]
    )
  ).rows
  if (check.orders !== confirmedInYear) {
    throw new Error(`stats say ${check.orders} orders, the ledger ${confirmedInYear}`)
  }
  const plan = (
    await knex.raw(
      `EXPLAIN SELECT count(*) FROM coupon_redemption
        WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'confirmed' AND confirmed_at >= ? AND confirmed_at < ?`,
      [big, `${last30.from}T00:00:00Z`, now.toISOString()]
    )
  ).rows
    .map((r: any) => r["QUERY PLAN"])
    .join("\n")

  // The machine's speed (and load) in two figures, timed like the reports: a bare count of the same 30 days from the
  // same index, and a plain scan of the whole ledger.
  const countRange = await time(samples, () =>
    knex.raw(
      `SELECT count(*) FROM coupon_redemption
        WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'confirmed' AND confirmed_at >= ? AND confirmed_at < ?`,
      [big, `${last30.from}T00:00:00Z`, now.toISOString()]
    )
  )
  const scanLedger = await time(Math.max(5, Math.round(samples / 3)), () => knex.raw(`SELECT count(*) FROM coupon_redemption`))
  const exportPlan = (
    await knex.raw(
      `EXPLAIN SELECT r.id FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
        WHERE r.promotion_id = ? AND r.deleted_at IS NULL ORDER BY r.id`,
      [big]
    )
  ).rows.map((r: any) => r["QUERY PLAN"].trim().replace(/\s+\(cost=.*$/, ""))
  const promotion30 = await time(samples, () => reports.promotionStats(big, last30))
  const promotionYear = await time(Math.max(5, Math.round(samples / 3)), () => reports.promotionStats(big, lastYear))
  const small30 = await time(samples, () => reports.promotionStats(small[0], last30))
  const allPromotions = await time(Math.max(5, Math.round(samples / 3)), () => reports.promotionTotals())
  const pagePromotions = await time(Math.max(5, Math.round(samples / 3)), () => reports.promotionTotals(small.slice(0, 20)))

  t = Date.now()
  let exported = 0
  let firstPageMs = 0
  for await (const page of reports.streamPromotionUses(big)) {
    if (!exported) {
      firstPageMs = Date.now() - t
    }
    exported += page.length
  }
  const exportMs = Date.now() - t

  const result = {
    uses,
    promotions: 31,
    load_ms: loadMs,
    samples,
    orders_last_30_days: (await reports.promotionStats(big, last30)).orders,
    orders_last_365_days: check.orders,
    customers_last_365_days: check.customers,
    range_read_plan: plan
      .split("\n")
      .map((line: string) => line.trim().replace(/\s+\(cost=.*$/, ""))
      .filter((line: string) => /Scan/.test(line)),
    promotion_stats_30_days: promotion30,
    promotion_stats_366_days: promotionYear,
    small_promotion_stats_30_days: small30,
    all_promotions_stats: allPromotions,
    page_of_20_promotions_stats: pagePromotions,
    baseline_count_30_days: countRange,
    baseline_scan_ledger: scanLedger,
    export_plan: exportPlan,
    export_rows: exported,
    export_first_page_ms: firstPageMs,
    export_ms: exportMs,
  }
  console.log("BENCH_RESULT " + JSON.stringify(result))
}
