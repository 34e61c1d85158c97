import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from ".."
import CouponModuleService from "../service"

jest.setTimeout(60000)

moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service, MikroOrmWrapper }) => {
    const basePromotion = {
      custom_id: "BULK",
      name: "Bulk",
      coupon_type: "promotion_code" as const,
      discount_type: "percentage" as const,
      discount_value: 10,
    }

    const counters = async (promotionId: string, batchId?: string) => {
      const promotion = await service.retrieveCouponPromotion(promotionId)
      const batch = batchId ? await service.retrieveCouponBatch(batchId) : null
      return {
        promotion: [promotion.codes_total, promotion.codes_unassigned],
        batch: batch ? [batch.codes_total, batch.codes_unassigned, batch.processed_count] : null,
      }
    }

    describe("generated batches", () => {
      it("persists exactly N codes, topping up collisions with existing codes and repeats", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        await service.createCoupons([{ code: "TAKEN2345", promotion_id: promotion.id }])
        const batch = await service.createCouponBatches({ promotion_id: promotion.id, source: "generated", requested_count: 5 })
        const answers = [
          ["AAAA2345", "TAKEN2345", "AAAA2345", "BBBB2345"],
          ["CCCC2345", "BBBB2345"],
          ["DDDD2345", "EEEE2345"],
        ]
        const asked: number[] = []
        const result = await service.generateBatchCoupons({
          batch_id: batch.id,
          count: 5,
          chunk_size: 4,
          generate: (n) => {
            asked.push(n)
            return answers.shift()!
          },
        })
        expect(result).toEqual({ inserted: 5, attempts: 3 })
        expect(asked).toEqual([4, 3, 2])
        const codes = (await service.listCoupons({ batch_id: batch.id }, { order: { code: "ASC" } })).map((c) => c.code)
        expect(codes).toEqual(["AAAA2345", "BBBB2345", "CCCC2345", "DDDD2345", "EEEE2345"])
        const coupons = await service.listCoupons({ batch_id: batch.id })
        expect(coupons.every((c) => c.state === "unassigned" && c.promotion_id === promotion.id)).toBe(true)
        expect(coupons.every((c) => /^coupon_[0-9A-Z]{26}$/.test(c.id))).toBe(true)
        // The manual coupon above was created without the counters; only the batch's 5 are counted here.
        expect(await counters(promotion.id, batch.id)).toEqual({ promotion: [5, 5], batch: [5, 5, 5] })
      })

      it("recovers from a clash the server reports in the middle of a long COPY", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const taken = "MIDS010000"
        await service.createCoupons([{ code: taken, promotion_id: promotion.id }])
        const batch = await service.createCouponBatches({ promotion_id: promotion.id, source: "generated", requested_count: 150_000 })
        const first = Array.from({ length: 150_000 }, (_, i) => `MIDS${String(i).padStart(6, "0")}`)
        const answers = [first, ["MIDS999999"]]
        const result = await service.generateBatchCoupons({
          batch_id: batch.id,
          count: 150_000,
          chunk_size: 150_000,
          generate: () => answers.shift()!,
        })
        // ~17 MB of rows, the taken code early on: the unique violation arrives while chunks are still being sent; the chunk then goes the
        // staged way, skipping exactly the taken code, and one more code tops it up.
        expect(result).toEqual({ inserted: 150_000, attempts: 2 })
        expect(await service.listCoupons({ code: taken, batch_id: batch.id })).toHaveLength(0)
        expect(await service.listCoupons({ code: "MIDS999999", batch_id: batch.id })).toHaveLength(1)
        expect(await counters(promotion.id, batch.id)).toEqual({ promotion: [150_000, 150_000], batch: [150_000, 150_000, 150_000] })
      })

      it("leaves out codes that are live Medusa promotion codes (any case) and tops them up", async () => {
        // This module runs without Medusa's promotion module here: a table of the same shape stands in for it.
        const sql = MikroOrmWrapper.getManager().getConnection()
        await sql.execute(`CREATE TABLE IF NOT EXISTS promotion (id text PRIMARY KEY, code text, deleted_at timestamptz)`)
        await sql.execute(`INSERT INTO promotion VALUES ('p1', 'cccc2345', NULL), ('p2', 'DDDD2345', now())`)
        const promotion = await service.createCouponPromotions(basePromotion)
        const batch = await service.createCouponBatches({ promotion_id: promotion.id, source: "generated", requested_count: 4 })
        const answers = [["CCCC2345", "AAAA2345", "DDDD2345"], ["FFFF2345", "EEEE2345"]]
        const asked: number[] = []
        const result = await service.generateBatchCoupons({
          batch_id: batch.id,
          count: 4,
          chunk_size: 3,
          generate: (n) => {
            asked.push(n)
            return answers.shift()!
          },
        })
        expect(result).toEqual({ inserted: 4, attempts: 2 })
        expect(asked).toEqual([3, 2])
        const codes = (await service.listCoupons({ batch_id: batch.id }, { order: { code: "ASC" } })).map((c) => c.code)
        // DDDD2345 belongs to a deleted Medusa promotion: free to use.
        expect(codes).toEqual(["AAAA2345", "DDDD2345", "EEEE2345", "FFFF2345"])
        expect(await counters(promotion.id, batch.id)).toEqual({ promotion: [4, 4], batch: [4, 4, 4] })
        await sql.execute(`DROP TABLE promotion`)
      })

      it("writes nothing when generation fails midway", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const batch = await service.createCouponBatches({ promotion_id: promotion.id, source: "generated" })
        let calls = 0
        await expect(
          service.generateBatchCoupons({
            batch_id: batch.id,
            count: 4,
            chunk_size: 2,
            generate: () => {
              if (++calls === 2) throw new Error("boom")
              return ["GGGG2345", "HHHH2345"]
            },
          })
        ).rejects.toThrow("boom")
        expect(await service.listCoupons({ batch_id: batch.id })).toHaveLength(0)
        expect((await counters(promotion.id, batch.id)).promotion).toEqual([0, 0])
      })
    })

    describe("imported batches", () => {
      it("imports every code in one completed batch with exact counters", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const batch = await service.importBatchCoupons({
          promotion_id: promotion.id,
          file_name: "codes.csv",
          file_format: "csv",
          codes: ["ZZZZ9999", "YYYY9999", "XXXX9999"],
          rows: [2, 3, 4],
        })
        expect(batch).toEqual(
          expect.objectContaining({
            source: "imported",
            state: "completed",
            requested_count: 3,
            processed_count: 3,
            codes_total: 3,
            codes_unassigned: 3,
            file_name: "codes.csv",
            file_format: "csv",
          })
        )
        expect(await counters(promotion.id)).toEqual({ promotion: [3, 3], batch: null })
        expect(await service.countCodesInSystem()).toBe(3)
      })

      it("fails whole, naming the first 20 clashing codes with rows, when codes already exist", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const existing = Array.from({ length: 22 }, (_, i) => `EXIST${String(i).padStart(3, "0")}`)
        await service.importBatchCoupons({
          promotion_id: promotion.id,
          file_name: null,
          file_format: "csv",
          codes: existing,
          rows: existing.map((_, i) => i + 2),
        })
        const codes = ["FRESH001", ...existing.slice().reverse()]
        const error = await service
          .importBatchCoupons({
            promotion_id: promotion.id,
            file_name: "again.csv",
            file_format: "csv",
            codes,
            rows: codes.map((_, i) => i + 2),
          })
          .catch((e) => e)
        const listed = existing
          .slice()
          .reverse()
          .slice(0, 20)
          .map((c, i) => `row ${i + 3}: "${c}" already exists in the system`)
          .join("; ")
        expect(error.message).toBe(`The file has 22 problems: ${listed}; and 2 more`)
        expect(await service.listCoupons({ code: "FRESH001" })).toHaveLength(0)
        expect(await service.listCouponBatches({ promotion_id: promotion.id })).toHaveLength(1)
        expect(await counters(promotion.id)).toEqual({ promotion: [22, 22], batch: null })
      })

      it("takes codes handed over already sorted (the engine's check) and refuses a list that is not", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const batch = await service.importBatchCoupons({
          promotion_id: promotion.id,
          file_name: null,
          file_format: "csv",
          codes: ["SORT0003", "SORT0001", "SORT0002"],
          rows: [2, 3, 4],
          sorted: ["SORT0001", "SORT0002", "SORT0003"],
        })
        const coupons = await service.listCoupons({ batch_id: batch.id }, { order: { id: "ASC" } })
        // Ids ascend with the codes: the primary key is appended to, as with generated batches.
        expect(coupons.map((c) => c.code)).toEqual(["SORT0001", "SORT0002", "SORT0003"])
        await expect(
          service.importBatchCoupons({
            promotion_id: promotion.id,
            file_name: null,
            file_format: "csv",
            codes: ["SORT0005", "SORT0004"],
            rows: [2, 3],
            sorted: ["SORT0005", "SORT0004"],
          })
        ).rejects.toThrow("Codes are not sorted and distinct at position 1")
        expect(await counters(promotion.id)).toEqual({ promotion: [3, 3], batch: null })
        expect(await service.listCouponBatches({ promotion_id: promotion.id })).toHaveLength(1)
      })

      it("undoes an import (workflow compensation) and refuses once a code has been given", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const kept = await service.importBatchCoupons({
          promotion_id: promotion.id,
          file_name: null,
          file_format: "csv",
          codes: ["KEEP0001", "KEEP0002"],
          rows: [2, 3],
        })
        const undone = await service.importBatchCoupons({
          promotion_id: promotion.id,
          file_name: null,
          file_format: "csv",
          codes: ["UNDO0001", "UNDO0002", "UNDO0003"],
          rows: [2, 3, 4],
        })
        await service.removeImportedBatch(undone.id)
        expect(await service.listCoupons({ batch_id: undone.id }, { withDeleted: true })).toHaveLength(0)
        expect(await service.listCouponBatches({ id: undone.id }, { withDeleted: true })).toHaveLength(0)
        expect(await counters(promotion.id, kept.id)).toEqual({ promotion: [2, 2], batch: [2, 2, 2] })
        // Removed for real, so the values are free again.
        await service.importBatchCoupons({
          promotion_id: promotion.id,
          file_name: null,
          file_format: "csv",
          codes: ["UNDO0001"],
          rows: [2],
        })

        await service.assignCoupon({ promotion: promotion.id, customer_id: "cus_1" })
        const [given] = await service.listCoupons({ customer_id: "cus_1" })
        await expect(service.removeImportedBatch(given.batch_id!)).rejects.toThrow(
          `Coupon batch ${given.batch_id} has codes in use and cannot be removed`
        )
        expect((await service.listCoupons({ batch_id: given.batch_id! })).length).toBeGreaterThan(0)
      })

      it("lets exactly one of two concurrent overlapping imports succeed", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const a = Array.from({ length: 2000 }, (_, i) => `CONC${String(i).padStart(5, "0")}`)
        const b = [...a.slice(1000), ...Array.from({ length: 1000 }, (_, i) => `OTHER${String(i).padStart(5, "0")}`)]
        const run = (codes: string[]) =>
          service.importBatchCoupons({
            promotion_id: promotion.id,
            file_name: null,
            file_format: "csv",
            codes,
            rows: codes.map((_, i) => i + 2),
          })
        const results = await Promise.allSettled([run(a), run(b)])
        expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"])
        const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult
        expect(failed.reason.message).toMatch(
          /^The file has 1,000 problems: row (2|1,002): "CONC01000" already exists in the system; .*; and 980 more$/
        )
        expect(await service.listCouponBatches({ promotion_id: promotion.id })).toHaveLength(1)
        expect(await counters(promotion.id)).toEqual({ promotion: [2000, 2000], batch: null })
      })
    })
  },
})
