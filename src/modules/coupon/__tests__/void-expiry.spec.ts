import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from ".."
import CouponModuleService from "../service"

jest.setTimeout(60000)

moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service, MikroOrmWrapper }) => {
    const basePromotion = {
      custom_id: "VOIDX",
      name: "Void and expiry",
      coupon_type: "promotion_code" as const,
      discount_type: "percentage" as const,
      discount_value: 10,
    }
    const sql = async (text: string, bindings: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().getConnection().execute(text, bindings)) as any[]

    describe("imports with expires_at", () => {
      it("writes each code's expiry through the COPY, in any order the caller gives them", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const batch = await service.importBatchCoupons({
          promotion_id: promotion.id,
          file_name: "codes.csv",
          file_format: "csv",
          codes: ["ZZZZ9999", "AAAA2222", "MMMM5555"],
          rows: [2, 3, 4],
          expires_at: ["2031-06-30T23:59:59.999Z", null, "2031-06-30T10:00:00.000Z"],
        })
        const rows = await sql(
          `SELECT code, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS expires_at
             FROM coupon WHERE batch_id = ? ORDER BY code`,
          [batch.id]
        )
        expect(rows).toEqual([
          { code: "AAAA2222", expires_at: null },
          { code: "MMMM5555", expires_at: "2031-06-30T10:00:00.000" },
          { code: "ZZZZ9999", expires_at: "2031-06-30T23:59:59.999" },
        ])
        expect(batch.codes_total).toBe(3)
      })

      it("refuses expiries that are not one per code, writing nothing", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        await expect(
          service.importBatchCoupons({
            promotion_id: promotion.id,
            file_name: null,
            file_format: "csv",
            codes: ["ZZZZ9999", "AAAA2222"],
            rows: [2, 3],
            expires_at: [null],
          })
        ).rejects.toThrow("Imported expiries must be one per code")
        expect(await sql(`SELECT count(*)::int AS n FROM coupon`)).toEqual([{ n: 0 }])
        expect(await sql(`SELECT count(*)::int AS n FROM coupon_batch`)).toEqual([{ n: 0 }])
      })
    })
  },
})
