/* eslint-disable no-console */
// The data check (checkCouponInvariants) and the counter repair with 1,000,000 codes in one promotion (4 batches,
// 1% of the codes used once, with their confirmed redemptions), on the module's own tables. Codes are inserted with
// one INSERT … SELECT generate_series (this measures the check, not the loading); the schema is brought to what the
// migrations leave (no foreign key from coupon to its promotion, no single-column promotion_id / deleted_at index).
// Run (machine Postgres, or drop DB_HOST for an embedded one):
//   TEST_KINDS=integration:modules node scripts/test.js --testMatch '**/bench/invariants.bench.ts'
// Prints one JSON line `{"bench":"invariants", ...}`; scan_ms is a plain count(*) over the same table in each round.
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from "../src/modules/coupon"
import CouponModuleService from "../src/modules/coupon/service"

jest.setTimeout(30 * 60 * 1000)

// A multiple of 100, so the expected counts below are whole.
const CODES = Number(process.env.BENCH_CODES ?? 1_000_000)
const ROUNDS = 3

moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service, MikroOrmWrapper }) => {
    it(`checks ${CODES} codes in one pass per question`, async () => {
      const sql = (query: string, bindings: unknown[] = []) =>
        MikroOrmWrapper.getManager().getConnection().execute(query, bindings as any[])
      await sql(`ALTER TABLE coupon DROP CONSTRAINT IF EXISTS coupon_promotion_id_foreign`)
      await sql(`DROP INDEX IF EXISTS "IDX_coupon_promotion_id"`)
      await sql(`DROP INDEX IF EXISTS "IDX_coupon_deleted_at"`)
      const promotion = await service.createCouponPromotions({
        custom_id: "BENCH",
        name: "One million codes",
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 10,
      })
      const batches = await service.createCouponBatches(
        Array.from({ length: 4 }, () => ({ promotion_id: promotion.id, source: "generated" as const, state: "completed" as const }))
      )
      let t = Date.now()
      await sql(
        `INSERT INTO coupon (id, code, promotion_id, batch_id, state, customer_id, uses_count, customers_count,
                             customers_exhausted)
         SELECT 'coupon_bench_' || lpad(g::text, 9, '0'), 'BENCH' || lpad(g::text, 9, '0'), ?,
                (ARRAY[?, ?, ?, ?])[1 + g % 4],
                CASE WHEN g % 100 = 0 THEN 'used_partially' WHEN g % 10 < 3 THEN 'assigned' ELSE 'unassigned' END,
                CASE WHEN g % 10 < 3 THEN 'cus_' || g END,
                (g % 100 = 0)::int, (g % 100 = 0)::int, (g % 100 = 0)::int
           FROM generate_series(1, ?) g`,
        [promotion.id, ...batches.map((b) => b.id), CODES]
      )
      await sql(
        `INSERT INTO coupon_redemption (id, coupon_id, promotion_id, customer_id, cart_id, order_id, amount, raw_amount,
                                        currency_code, state, counted_customer, reserved_at, confirmed_at)
         SELECT 'credeem_bench_' || g, 'coupon_bench_' || lpad(g::text, 9, '0'), ?, 'cus_' || g, 'cart_' || g,
                'order_' || g, 1, '{"value":"1","precision":20}', 'eur', 'confirmed', true, now(), now()
           FROM generate_series(100, ?, 100) g`,
        [promotion.id, CODES]
      )
      const loadMs = Date.now() - t
      await sql(`VACUUM ANALYZE coupon`)
      await sql(`VACUUM ANALYZE coupon_redemption`)

      // The counters start at zero: the repair sets them from the codes (promotion and batch rows locked).
      t = Date.now()
      const repairs = await service.repairCouponCounters()
      const repairMs = Date.now() - t
      expect(repairs.filter((r) => r.table === "coupon_promotion").map((r) => [r.column, r.to])).toEqual([
        ["codes_total", CODES],
        ["codes_unassigned", (CODES * 7) / 10],
        ["codes_assigned", (CODES * 3) / 10 - CODES / 100],
        ["codes_used_partially", CODES / 100],
        ["customers_used", CODES / 100],
        ["customers_exhausted", CODES / 100],
      ])

      // One plain scan of the table, timed next to each check round: the machine's speed (and load) in one figure.
      const rounds: { total_ms: number; scan_ms: number; checks: Record<string, number> }[] = []
      for (let i = 0; i < ROUNDS; i++) {
        let started = Date.now()
        await sql(`SELECT count(*) FROM coupon`)
        const scanMs = Date.now() - started
        started = Date.now()
        const report = await service.checkCouponInvariants()
        expect(report.problems).toEqual([])
        rounds.push({
          total_ms: Date.now() - started,
          scan_ms: scanMs,
          checks: Object.fromEntries(report.checks.map((check) => [check.check, check.ms])),
        })
      }
      const median = rounds.map((r) => r.total_ms).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]
      console.log(
        JSON.stringify({ bench: "invariants", codes: CODES, load_ms: loadMs, repair_ms: repairMs, check_median_ms: median, rounds })
      )
    })
  },
})
