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

    const codeCounters = (row: any) => ({
      codes_total: row.codes_total,
      codes_unassigned: row.codes_unassigned,
      codes_assigned: row.codes_assigned,
      codes_used_partially: row.codes_used_partially,
      codes_used_fully: row.codes_used_fully,
    })
    const states = async (batchId: string) =>
      Object.fromEntries(
        (await sql(`SELECT code, state FROM coupon WHERE batch_id = ? ORDER BY code`, [batchId])).map((r) => [r.code, r.state])
      )

    /** A batch of six codes AAAA2222…FFFF2222: two given to customers, one held by a checkout's reservation. */
    async function seed(customId = "VOIDX") {
      const promotion = await service.createCouponPromotions({ ...basePromotion, custom_id: customId })
      const codes = ["A", "B", "C", "D", "E", "F"].map((c) => `${c.repeat(4)}2222`).map((c) => `${customId[0]}${c}`)
      const batch = await service.importBatchCoupons({
        promotion_id: promotion.id,
        file_name: null,
        file_format: "csv",
        codes,
        rows: codes.map((_, i) => i + 2),
      })
      const byCode = Object.fromEntries((await service.listCoupons({ batch_id: batch.id })).map((c) => [c.code, c]))
      await sql(`UPDATE coupon SET state = 'assigned', customer_id = 'cus_b', assigned_at = now() WHERE id = ?`, [
        byCode[codes[1]].id,
      ])
      await sql(`UPDATE coupon SET state = 'assigned', customer_id = 'cus_c', assigned_at = now() WHERE id = ?`, [
        byCode[codes[2]].id,
      ])
      const moved = `codes_unassigned = codes_unassigned - 2, codes_assigned = codes_assigned + 2`
      await sql(`UPDATE coupon_promotion SET ${moved} WHERE id = ?`, [promotion.id])
      await sql(`UPDATE coupon_batch SET ${moved} WHERE id = ?`, [batch.id])
      await service.reserveCouponRedemptions({
        cart_id: "cart_checkout",
        customer_id: "cus_d",
        currency_code: "eur",
        cart: { currency_code: "eur", customer_id: null, items: [{ id: "item_1", subtotal: 200 }] },
        coupons: [{ coupon_id: byCode[codes[3]].id, amount: "20", authenticated_customer_id: "cus_d" }],
        now: new Date(),
      })
      return { promotion, batch, codes, byCode }
    }

    describe("voiding", () => {
      it("voids one unassigned or assigned code, moving the counters by exactly one; refuses it twice and used codes", async () => {
        const { promotion, batch, codes, byCode } = await seed()
        const first = await service.voidCoupons({ promotion_id: promotion.id, coupon_id: byCode[codes[0]].id })
        expect(first).toEqual(
          expect.objectContaining({ voided: 1, previous_state: "unassigned", coupon: expect.objectContaining({ state: "void" }) })
        )
        expect(codeCounters(first.promotion)).toEqual({
          codes_total: 6,
          codes_unassigned: 2,
          codes_assigned: 2,
          codes_used_partially: 1,
          codes_used_fully: 0,
        })
        expect(codeCounters(first.batch)).toEqual(codeCounters(first.promotion))
        const second = await service.voidCoupons({ promotion_id: promotion.id, coupon_id: byCode[codes[1]].id })
        expect(second.previous_state).toBe("assigned")
        // The holder stays on the row: the customer's page shows what was taken back.
        expect(second.coupon).toEqual(expect.objectContaining({ state: "void", customer_id: "cus_b" }))
        expect(codeCounters(second.promotion)).toEqual(expect.objectContaining({ codes_unassigned: 2, codes_assigned: 1 }))

        await expect(service.voidCoupons({ promotion_id: promotion.id, coupon_id: byCode[codes[0]].id })).rejects.toThrow(
          `Coupon ${codes[0]} is already void`
        )
        await expect(service.voidCoupons({ promotion_id: promotion.id, coupon_id: byCode[codes[3]].id })).rejects.toThrow(
          `Coupon ${codes[3]} has been used and cannot be voided`
        )
        expect(await states(batch.id)).toEqual({
          [codes[0]]: "void",
          [codes[1]]: "void",
          [codes[2]]: "assigned",
          [codes[3]]: "used_partially",
          [codes[4]]: "unassigned",
          [codes[5]]: "unassigned",
        })
        expect((await service.checkCouponInvariants()).problems).toEqual([])
      })

      it("voids every unused code of a batch at once, leaving used ones; counters and invariants exact", async () => {
        const { promotion, batch, codes } = await seed()
        const result = await service.voidCoupons({ promotion_id: promotion.id, batch_id: batch.id })
        expect(result.voided).toBe(5)
        const expected = {
          codes_total: 6,
          codes_unassigned: 0,
          codes_assigned: 0,
          codes_used_partially: 1,
          codes_used_fully: 0,
        }
        expect(codeCounters(result.promotion)).toEqual(expected)
        expect(codeCounters(result.batch)).toEqual(expected)
        expect(codeCounters(await service.retrieveCouponBatch(batch.id))).toEqual(expected)
        expect(await states(batch.id)).toEqual({
          [codes[0]]: "void",
          [codes[1]]: "void",
          [codes[2]]: "void",
          [codes[3]]: "used_partially",
          [codes[4]]: "void",
          [codes[5]]: "void",
        })
        expect((await service.checkCouponInvariants()).problems).toEqual([])
        // Nothing left to void: 0, counters unchanged.
        const again = await service.voidCoupons({ promotion_id: promotion.id, batch_id: batch.id })
        expect(again.voided).toBe(0)
        expect(codeCounters(again.promotion)).toEqual(expected)
      })

      it("finds codes and batches only in their own promotion, refuses archived promotions and batches being generated", async () => {
        const mine = await seed("MINE")
        const other = await seed("OTHER")
        await expect(
          service.voidCoupons({ promotion_id: mine.promotion.id, coupon_id: other.byCode[other.codes[0]].id })
        ).rejects.toThrow(`Coupon with id: ${other.byCode[other.codes[0]].id} was not found in coupon promotion ${mine.promotion.id}`)
        await expect(service.voidCoupons({ promotion_id: mine.promotion.id, batch_id: other.batch.id })).rejects.toThrow(
          `Coupon batch with id: ${other.batch.id} was not found`
        )
        await expect(
          service.setBatchCouponExpiry({ promotion_id: mine.promotion.id, batch_id: other.batch.id, expires_at: new Date() })
        ).rejects.toThrow(`Coupon batch with id: ${other.batch.id} was not found`)
        const pending = await service.createCouponBatches({
          promotion_id: mine.promotion.id,
          source: "generated",
          state: "running",
          requested_count: 10,
        })
        await expect(service.voidCoupons({ promotion_id: mine.promotion.id, batch_id: pending.id })).rejects.toThrow(
          `Coupon batch ${pending.id} is being generated; void its codes once it has completed`
        )
        await service.updateCouponPromotions({ id: mine.promotion.id, archived_at: new Date() })
        await expect(
          service.voidCoupons({ promotion_id: mine.promotion.id, coupon_id: mine.byCode[mine.codes[0]].id })
        ).rejects.toThrow("Archived coupon promotions are read-only")
        await expect(service.voidCoupons({ promotion_id: mine.promotion.id, batch_id: mine.batch.id })).rejects.toThrow(
          "Archived coupon promotions are read-only"
        )
        expect(await states(other.batch.id)).toEqual(expect.not.objectContaining({ [other.codes[0]]: "void" }))
        expect(await states(mine.batch.id)).toEqual(expect.not.objectContaining({ [mine.codes[0]]: "void" }))
      })
    })

    describe("batch expiry", () => {
      it("sets expires_at on every code of the batch but void ones", async () => {
        const { promotion, batch, codes, byCode } = await seed()
        await service.voidCoupons({ promotion_id: promotion.id, coupon_id: byCode[codes[5]].id })
        const result = await service.setBatchCouponExpiry({
          promotion_id: promotion.id,
          batch_id: batch.id,
          expires_at: new Date("2031-06-30T23:59:59.999Z"),
        })
        expect(result).toEqual({ updated: 5 })
        const rows = await sql(
          `SELECT code, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS expires_at
             FROM coupon WHERE batch_id = ? ORDER BY code`,
          [batch.id]
        )
        expect(rows.map((r) => r.expires_at)).toEqual([...Array(5).fill("2031-06-30T23:59:59.999"), null])
      })
    })

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
