import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from ".."
import CouponModuleService, { ARCHIVED_PROMOTION_READ_ONLY } from "../service"

jest.setTimeout(120000)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Issue 15 at the module level: claims, leases, the archive race and the lock order under concurrency. */
moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service }) => {
    const knex = () => (service as any).baseRepository_.getFreshManager().getKnex()
    const promotion = (extra: Record<string, unknown> = {}) =>
      service.createCouponPromotions({
        custom_id: `P${Math.random().toString(36).slice(2, 8)}`,
        name: "Lifecycle",
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 10,
        ...extra,
      } as any)
    const batchOf = async (promotionId: string, codes: string[], extra: Record<string, unknown> = {}) => {
      const batch = await service.createCouponBatches({
        promotion_id: promotionId,
        source: "generated",
        state: "completed",
        requested_count: codes.length,
        codes_total: codes.length,
        codes_unassigned: codes.length,
        ...extra,
      } as any)
      if (codes.length) {
        await service.createCoupons(codes.map((code) => ({ code, promotion_id: promotionId, batch_id: batch.id })) as any)
        await knex().raw(
          `UPDATE coupon_promotion SET codes_total = codes_total + ?, codes_unassigned = codes_unassigned + ? WHERE id = ?`,
          [codes.length, codes.length, promotionId]
        )
      }
      return batch
    }

    describe("batch claims and leases", () => {
      it("a pending batch is claimed by exactly one of many workers", async () => {
        const p = await promotion()
        const batch = await batchOf(p.id, [], { state: "pending", requested_count: 10 })
        const claims = await Promise.all(Array.from({ length: 8 }, () => service.claimCouponBatch(batch.id)))
        expect(claims.filter(Boolean)).toHaveLength(1)
        expect((await service.retrieveCouponBatch(batch.id)).state).toBe("running")
      })

      it("only a batch past its lease is orphaned, and only one of several jobs takes it over", async () => {
        const p = await promotion()
        const stale = await batchOf(p.id, [], { state: "running", requested_count: 10 })
        const fresh = await batchOf(p.id, [], { state: "running", requested_count: 10 })
        await knex().raw(`UPDATE coupon_batch SET heartbeat_at = now() - interval '31 seconds' WHERE id = ?`, [stale.id])
        await service.heartbeatCouponBatch(fresh.id)
        expect((await service.listOrphanedCouponBatches()).map((b) => b.id)).toEqual([stale.id])
        const takes = await Promise.all(Array.from({ length: 6 }, () => service.requeueOrphanedCouponBatch(stale.id)))
        expect(takes.filter(Boolean)).toHaveLength(1)
        expect(await service.retrieveCouponBatch(stale.id)).toEqual(
          expect.objectContaining({ state: "pending", recovery_attempts: 1, processed_count: 0 })
        )
        // Requeued just now: not orphaned again until the grace period passes.
        expect(await service.listOrphanedCouponBatches()).toEqual([])
      })
    })

    describe("an update never lands on an archived promotion", () => {
      it("an archive that takes the row first makes the update that was already past its checks fail", async () => {
        const p = await promotion()
        // Another request holds the promotion row (an update in flight); an archive and our update queue behind it.
        let releaseHolder!: () => void
        const held = new Promise<void>((resolve) => (releaseHolder = resolve))
        const holder = knex().transaction(async (trx: any) => {
          await trx.raw(`SELECT 1 FROM coupon_promotion WHERE id = ? FOR UPDATE`, [p.id])
          await held
        })
        await sleep(100)
        const archive = service.archiveCouponPromotionOnce(p.id, new Date())
        await sleep(200)
        const update = service.updateOpenCouponPromotion(p.id, { name: "Renamed after the archive" }).then(
          () => "updated",
          (e: Error) => e.message
        )
        await sleep(200)
        releaseHolder()
        await holder
        expect(await archive).toBe(true)
        expect(await update).toBe(ARCHIVED_PROMOTION_READ_ONLY)
        expect(await service.retrieveCouponPromotion(p.id)).toEqual(
          expect.objectContaining({ name: "Lifecycle", archived_at: expect.any(Date) })
        )
      })

      it("an update that takes the row first is written, then the archive", async () => {
        const p = await promotion()
        const [updated, archived] = await Promise.all([
          service.updateOpenCouponPromotion(p.id, { name: "Renamed first" }),
          sleep(50).then(() => service.archiveCouponPromotionOnce(p.id, new Date())),
        ])
        expect(updated).toEqual(expect.objectContaining({ name: "Renamed first" }))
        expect(archived).toBe(true)
      })
    })

    describe("one lock order", () => {
      it("gives, batch deletions, promotion updates and counter writes on one promotion at once never deadlock", async () => {
        const p = await promotion({ allow_multiple_per_customer: true })
        const batches = []
        for (let b = 0; b < 6; b++) {
          batches.push(await batchOf(p.id, Array.from({ length: 20 }, (_, i) => `LOCK${b}X${String(i).padStart(4, "0")}`)))
        }
        const errors: string[] = []
        const run = (task: () => Promise<unknown>) => task().catch((e: Error) => errors.push(e.message))
        await Promise.all([
          ...Array.from({ length: 30 }, (_, i) => run(() => service.assignCoupon({ promotion: p.id, customer_id: `cus_${i}` }))),
          ...batches.slice(3).map((batch) => run(() => service.deleteUnusedCouponBatch({ promotion_id: p.id, batch_id: batch.id }))),
          ...Array.from({ length: 10 }, (_, i) => run(() => service.updateOpenCouponPromotion(p.id, { description: `v${i}` }))),
        ])
        expect(errors.filter((message) => /deadlock/i.test(message))).toEqual([])
        const after = await service.retrieveCouponPromotion(p.id)
        const { rows } = await knex().raw(
          `SELECT state, count(*)::int AS n FROM coupon WHERE promotion_id = ? AND deleted_at IS NULL GROUP BY state`,
          [p.id]
        )
        const live = Object.fromEntries(rows.map((row: any) => [row.state, row.n]))
        // Counters equal the rows whatever interleaving happened.
        expect({ total: after.codes_total, unassigned: after.codes_unassigned, assigned: after.codes_assigned }).toEqual({
          total: (live.unassigned ?? 0) + (live.assigned ?? 0),
          unassigned: live.unassigned ?? 0,
          assigned: live.assigned ?? 0,
        })
        expect(live.assigned).toBe(30)
      })
    })
  },
})
