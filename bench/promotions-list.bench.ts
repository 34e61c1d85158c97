/* eslint-disable no-console */
// GET /admin/coupon-promotions over real HTTP (the whole app, admin auth, middlewares, query.graph) while one
// promotion owns 1,000,000 codes. Codes are inserted with one INSERT … SELECT generate_series (this measures the
// list, not the loading), its counters set from one GROUP BY, 30 other promotions around it.
// Run (machine Postgres, or drop DB_HOST for an embedded one):
//   DB_HOST=localhost TEST_KINDS=integration:http node scripts/test.js --testMatch '**/bench/promotions-list.bench.ts'
// Prints one JSON line `{"bench":"promotions-list", ...}`; fails when the p50 of the default list exceeds 50 ms.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../src/modules/coupon"
import { createAdminHeaders } from "../integration-tests/helpers/auth"

jest.setTimeout(30 * 60 * 1000)

const CODES = Number(process.env.BENCH_CODES ?? 1_000_000)
const RUNS = 50
const BUDGET_MS = 50

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    it(`lists coupon promotions in <= ${BUDGET_MS} ms (p50) with ${CODES} codes in one promotion`, async () => {
      const container = getContainer()
      const admin = await createAdminHeaders(container)
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const coupons = container.resolve(COUPON_MODULE)
      const channel = await container.resolve(Modules.SALES_CHANNEL).createSalesChannels({ name: "Bench store" })

      const big = await coupons.createCouponPromotions({
        custom_id: "BENCH-BIG",
        name: "One million codes",
        sales_channel_id: channel.id,
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 10,
      })
      await coupons.createCouponPromotions(
        Array.from({ length: 30 }, (_, i) => ({
          custom_id: `BENCH-${i}`,
          name: `Bench promotion ${i}`,
          sales_channel_id: channel.id,
          coupon_type: i % 2 ? "personal" : "promotion_code",
          discount_type: "fixed",
          discount_value: 5 + i,
          currency_code: "eur",
        }))
      )
      const batches = await coupons.createCouponBatches(
        Array.from({ length: 4 }, () => ({ promotion_id: big.id, source: "generated", state: "completed" }))
      )

      let t = Date.now()
      await knex.raw(
        `INSERT INTO coupon (id, code, promotion_id, batch_id, state)
         SELECT 'coupon_bench_' || g, 'BENCH' || lpad(g::text, 9, '0'), ?, (ARRAY[?, ?, ?, ?])[1 + g % 4],
                CASE WHEN g % 10 = 0 THEN 'used_fully' WHEN g % 10 = 1 THEN 'used_partially'
                     WHEN g % 10 < 5 THEN 'assigned' ELSE 'unassigned' END
         FROM generate_series(1, ?) g`,
        [big.id, ...batches.map((b: { id: string }) => b.id), CODES]
      )
      const insertMs = Date.now() - t
      // Counters as the writers keep them, set once from the table.
      await knex.raw(
        `UPDATE coupon_batch b SET codes_total = s.total, codes_unassigned = s.unassigned, codes_assigned = s.assigned,
                codes_used_partially = s.partially, codes_used_fully = s.fully
         FROM (SELECT batch_id, count(*) total, count(*) FILTER (WHERE state = 'unassigned') unassigned,
                      count(*) FILTER (WHERE state = 'assigned') assigned,
                      count(*) FILTER (WHERE state = 'used_partially') partially,
                      count(*) FILTER (WHERE state = 'used_fully') fully
               FROM coupon WHERE promotion_id = ? GROUP BY batch_id) s
         WHERE b.id = s.batch_id`,
        [big.id]
      )
      await knex.raw(
        `UPDATE coupon_promotion p SET codes_total = s.t, codes_unassigned = s.u, codes_assigned = s.a,
                codes_used_partially = s.p, codes_used_fully = s.f
         FROM (SELECT sum(codes_total) t, sum(codes_unassigned) u, sum(codes_assigned) a,
                      sum(codes_used_partially) p, sum(codes_used_fully) f
               FROM coupon_batch WHERE promotion_id = ?) s
         WHERE p.id = ?`,
        [big.id, big.id]
      )
      // Settle the table first, so autovacuum of a million fresh rows does not run during the timing.
      await knex.raw(`VACUUM ANALYZE coupon`)
      await knex.raw(`VACUUM ANALYZE coupon_batch`)
      await knex.raw(`VACUUM ANALYZE coupon_promotion`)
      await knex.raw(`CHECKPOINT`).catch(() => undefined)

      const time = async (url: string) => {
        for (let i = 0; i < 20; i++) {
          await api.get(url, admin)
        }
        const samples: number[] = []
        for (let i = 0; i < RUNS; i++) {
          const started = process.hrtime.bigint()
          const res = await api.get(url, admin)
          samples.push(Number(process.hrtime.bigint() - started) / 1e6)
          expect(res.status).toBe(200)
        }
        samples.sort((a, b) => a - b)
        return { p50: +percentile(samples, 50).toFixed(1), p95: +percentile(samples, 95).toFixed(1) }
      }

      const first = await api.get("/admin/coupon-promotions?q=BENCH-BIG", admin)
      expect(first.data.coupon_promotions[0]).toEqual(
        expect.objectContaining({ codes_total: CODES, sales_channel: { id: channel.id, name: "Bench store" } })
      )
      expect(first.data.coupon_promotions[0].batches).toHaveLength(4)

      t = Date.now()
      const list = await time("/admin/coupon-promotions")
      const filtered = await time("/admin/coupon-promotions?status=active,expired&q=bench")
      const retrieve = await time(`/admin/coupon-promotions/${big.id}`)
      // Context for the numbers: the same list without relations, and a core Medusa admin list on this machine.
      const bare = await time("/admin/coupon-promotions?fields=id,custom_id,name,codes_total")
      const core = await time("/admin/sales-channels?limit=20")
      const result = {
        bench: "promotions-list",
        codes: CODES,
        promotions: 31,
        insert_codes_ms: insertMs,
        runs: RUNS,
        list_p50_ms: list.p50,
        list_p95_ms: list.p95,
        list_status_q_p50_ms: filtered.p50,
        list_status_q_p95_ms: filtered.p95,
        retrieve_p50_ms: retrieve.p50,
        retrieve_p95_ms: retrieve.p95,
        list_bare_fields_p50_ms: bare.p50,
        core_sales_channels_list_p50_ms: core.p50,
        budget_ms: BUDGET_MS,
      }
      process.stdout.write(`\n${JSON.stringify(result)}\n`)
      expect(list.p50).toBeLessThanOrEqual(BUDGET_MS)
    })
  },
})
