import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from ".."
import CouponModuleService from "../service"
import { couponSelect, selectAll, selectPage } from "../coupon-list"
import { batchIdBounds } from "../sql/batch-rows"
import { Migration20261203101550 } from "../migrations/Migration20261203101550"

jest.setTimeout(120000)

// Issue 19: a bulk load writes no index entry naming the batch or the promotion. A batch's codes are its
// primary-key range (coupon_batch.code_id_prefix); the promotion/state index holds only the codes that are not
// unassigned codes of a batch. These tests hold every reader of those codes to the same answers as a plain scan.
moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, bindings: unknown[] = []) =>
      (await MikroOrmWrapper.getManager().getConnection().execute(query, bindings as any[])) as any[]
    const knex = () => MikroOrmWrapper.getManager().getConnection().getKnex()
    const basePromotion = {
      name: "Ranges",
      coupon_type: "promotion_code" as const,
      discount_type: "percentage" as const,
      discount_value: 10,
    }

    const generated = async (promotionId: string, codes: string[]) => {
      const batch = await service.createCouponBatches({ promotion_id: promotionId, source: "generated", requested_count: codes.length })
      await service.generateBatchCoupons({ batch_id: batch.id, count: codes.length, generate: () => codes })
      return await service.retrieveCouponBatch(batch.id)
    }
    const imported = async (promotionId: string, codes: string[]) =>
      await service.importBatchCoupons({
        promotion_id: promotionId,
        file_name: null,
        file_format: "csv",
        codes,
        rows: codes.map((_, i) => i + 2),
      })
    /** A batch whose codes were written one by one with its batch_id (no prefix: found by a scan). */
    const unprefixed = async (promotionId: string, codes: string[]) => {
      const batch = await service.createCouponBatches({ promotion_id: promotionId, source: "imported", state: "completed" })
      await service.createCoupons(codes.map((code) => ({ code, promotion_id: promotionId, batch_id: batch.id })) as any)
      await sql(`UPDATE coupon_batch SET codes_total = ?, codes_unassigned = ? WHERE id = ?`, [codes.length, codes.length, batch.id])
      return batch
    }
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id)
    const reference = async (where: string, bindings: unknown[]) =>
      ids(await sql(`SELECT id FROM coupon WHERE ${where} AND deleted_at IS NULL ORDER BY id`, bindings))
    const listed = async (filter: Parameters<CouponModuleService["listPromotionCoupons"]>[0]) => {
      const page = await service.listPromotionCoupons(filter, { limit: 1000, offset: 0 })
      const streamed: string[] = []
      for await (const rows of service.streamPromotionCoupons(filter, 3)) {
        streamed.push(...ids(rows))
      }
      expect(streamed).toEqual(ids(page.coupons))
      return { ids: ids(page.coupons), count: page.count }
    }

    /** Loose codes, a generated, an imported and an unprefixed batch in one promotion, and another promotion. */
    const mixed = async () => {
      const promotion = await service.createCouponPromotions({ ...basePromotion, custom_id: "MIX" })
      const other = await service.createCouponPromotions({ ...basePromotion, custom_id: "OTHER" })
      await service.createCoupons([
        { code: "LOOSE0001", promotion_id: promotion.id },
        { code: "LOOSE0002", promotion_id: promotion.id },
      ])
      const gen = await generated(promotion.id, ["GENA0001", "GENA0002", "GENA0003", "GENA0004"])
      const imp = await imported(promotion.id, ["IMPB0003", "IMPB0001", "IMPB0002"])
      const bare = await unprefixed(promotion.id, ["BARE0001", "BARE0002"])
      const elsewhere = await generated(other.id, ["ELSE0001", "ELSE0002"])
      return { promotion, other, gen, imp, bare, elsewhere }
    }

    it("gives a loaded batch's codes the ids of its prefix, and keeps them out of the promotion/state index", async () => {
      const { promotion, gen, imp, bare } = await mixed()
      for (const batch of [gen, imp]) {
        expect(batch.code_id_prefix).toMatch(/^coupon_[0-9A-Z]{16}$/)
        const { lo, hi } = batchIdBounds(batch.code_id_prefix!)
        const rows = await sql(`SELECT id FROM coupon WHERE batch_id = ?`, [batch.id])
        expect(rows.length).toBeGreaterThan(0)
        expect(rows.every((r) => r.id >= lo && r.id <= hi && r.id.length === lo.length)).toBe(true)
        expect(await sql(`SELECT id FROM coupon WHERE id BETWEEN ? AND ? AND batch_id IS DISTINCT FROM ?`, [lo, hi, batch.id])).toEqual([])
      }
      expect((await service.retrieveCouponBatch(bare.id)).code_id_prefix).toBeNull()
      const [index] = await sql(`SELECT indexdef FROM pg_indexes WHERE indexname = 'IDX_coupon_promotion_id_state_id'`)
      expect(index.indexdef).toContain("(promotion_id, state, id)")
      expect(index.indexdef).toContain("'unassigned'")
      // What the index's predicate admits of this promotion: the loose codes and the unprefixed batch's? No: only
      // codes without a batch. Every unassigned code of a batch, prefixed or not, is read through its batch.
      const indexed = await sql(
        `SELECT code FROM coupon WHERE promotion_id = ? AND deleted_at IS NULL AND (state <> 'unassigned' OR batch_id IS NULL) ORDER BY code`,
        [promotion.id]
      )
      expect(indexed.map((r) => r.code)).toEqual(["LOOSE0001", "LOOSE0002"])
    })

    it("lists and streams exactly the codes a plain scan finds, for every filter", async () => {
      const { promotion, gen, imp, bare } = await mixed()
      for (const customer of ["cus_1", "cus_2", "cus_3", "cus_4"]) {
        await service.assignCoupon({ promotion: promotion.id, customer_id: customer })
      }
      await service.voidCoupons({ promotion_id: promotion.id, coupon_id: (await sql(`SELECT id FROM coupon WHERE code = 'IMPB0002'`))[0].id })
      const p = promotion.id
      // (The count of an unfiltered list comes from the promotion's counters, which codes created one by one skip.)
      expect((await listed({ promotion_id: p })).ids).toEqual(await reference(`promotion_id = ?`, [p]))
      const states: [string[], number][] = [
        [["unassigned"], 6],
        [["assigned"], 4],
        [["assigned", "unassigned"], 10],
        [["void"], 1],
      ]
      for (const [state, count] of states) {
        const expected = await reference(`promotion_id = ? AND state = ANY(string_to_array(?, ','))`, [p, state.join(",")])
        expect(expected).toHaveLength(count)
        expect((await listed({ promotion_id: p, state })).ids).toEqual(expected)
      }
      for (const batch of [gen, imp, bare]) {
        const expected = await reference(`promotion_id = ? AND batch_id = ?`, [p, batch.id])
        expect(await listed({ promotion_id: p, batch_id: batch.id })).toEqual({ ids: expected, count: expected.length })
        const unassigned = await reference(`promotion_id = ? AND batch_id = ? AND state = 'unassigned'`, [p, batch.id])
        expect((await listed({ promotion_id: p, batch_id: batch.id, state: ["unassigned"] })).ids).toEqual(unassigned)
      }
      expect((await listed({ promotion_id: p, customer_id: "cus_3" })).ids).toEqual(await reference(`customer_id = ?`, ["cus_3"]))
      expect(await listed({ promotion_id: p, q: "GENA" })).toEqual({
        ids: await reference(`promotion_id = ? AND code LIKE 'GENA%'`, [p]),
        count: 4,
      })
    })

    it("hands out codes without a batch first, then each batch's from its cursor, wrapping past a locked code", async () => {
      const promotion = await service.createCouponPromotions({ ...basePromotion, custom_id: "CURSOR" })
      const batch = await generated(promotion.id, ["CUR00001", "CUR00002", "CUR00003", "CUR00004"])
      const later = await generated(promotion.id, ["CUR00009"])
      const byCode = Object.fromEntries((await sql(`SELECT code, id FROM coupon`)).map((r) => [r.code, r.id]))
      const give = async (customer: string) =>
        (await service.assignCoupon({ promotion: promotion.id, customer_id: customer })).coupon.code

      // Another transaction holds the first code (a checkout typing it): it is skipped, not waited for.
      const holder = await knex().transaction()
      await holder.raw(`SELECT 1 FROM coupon WHERE id = ? FOR UPDATE`, [byCode.CUR00001])
      expect(await give("cus_a")).toBe("CUR00002")
      expect(await give("cus_b")).toBe("CUR00003")
      await holder.rollback()
      expect((await service.retrieveCouponBatch(batch.id)).assign_cursor).toBe(byCode.CUR00003)
      expect(await give("cus_c")).toBe("CUR00004")
      // A code given back before the cursor: the cursor moves back to it, and it is the next one given.
      const [held] = await service.listCoupons({ customer_id: "cus_b" })
      await service.unassignCoupon({ coupon_id: held.id })
      expect((await service.retrieveCouponBatch(batch.id)).assign_cursor).toBe(byCode.CUR00003)
      expect(await give("cus_d")).toBe("CUR00003")
      // Nothing after the cursor: the search wraps around to the code it skipped.
      expect(await give("cus_e")).toBe("CUR00001")
      // The older batch is used up (by its counters): the next one.
      expect(await give("cus_f")).toBe("CUR00009")
      expect((await service.retrieveCouponBatch(later.id)).codes_unassigned).toBe(0)
      await expect(give("cus_g")).rejects.toThrow("Coupon promotion CURSOR has no unassigned codes left")

      // A code written without a batch goes first.
      await service.createCoupons([{ code: "LOOSE9999", promotion_id: promotion.id }])
      expect(await give("cus_h")).toBe("LOOSE9999")
    })

    it("voids, dates and deletes exactly one batch's codes, with or without a prefix", async () => {
      const { promotion, other, gen, imp, bare, elsewhere } = await mixed()
      const voided = await service.voidCoupons({ promotion_id: promotion.id, batch_id: gen.id })
      expect(voided.voided).toBe(4)
      expect(await reference(`state = 'void'`, [])).toEqual(await reference(`batch_id = ?`, [gen.id]))
      expect((await service.voidCoupons({ promotion_id: promotion.id, batch_id: bare.id })).voided).toBe(2)

      const expires_at = new Date("2031-01-01T00:00:00Z")
      expect((await service.setBatchCouponExpiry({ promotion_id: promotion.id, batch_id: imp.id, expires_at })).updated).toBe(3)
      expect(await reference(`expires_at IS NOT NULL`, [])).toEqual(await reference(`batch_id = ?`, [imp.id]))

      const removable = await imported(promotion.id, ["DROP0001", "DROP0002"])
      expect(await service.deleteUnusedCouponBatch({ promotion_id: promotion.id, batch_id: removable.id })).toEqual({ removed: 2 })
      const undone = await imported(promotion.id, ["UNDO0001"])
      await service.removeImportedBatch(undone.id)
      expect(await sql(`SELECT code FROM coupon WHERE code LIKE 'UNDO%'`)).toEqual([])
      expect(await sql(`SELECT code FROM coupon WHERE code LIKE 'DROP%' AND deleted_at IS NOT NULL`)).toHaveLength(2)
      // Nothing outside those batches moved.
      expect(await reference(`promotion_id = ? AND state = 'unassigned' AND expires_at IS NULL`, [other.id])).toEqual(
        await reference(`batch_id = ?`, [elsewhere.id])
      )
      expect(await reference(`state = 'unassigned' AND expires_at IS NULL`, [])).toEqual(
        await reference(`batch_id IS NULL OR batch_id = ?`, [elsewhere.id])
      )
    })

    it("finds a batch's codes by its primary-key range, not by reading the promotion's other rows", async () => {
      const promotion = await service.createCouponPromotions({ ...basePromotion, custom_id: "PLAN" })
      const big = await generated(promotion.id, Array.from({ length: 30000 }, (_, i) => `BIG${String(i).padStart(6, "0")}`))
      const small = await imported(promotion.id, ["SMALL001", "SMALL002", "SMALL003"])
      await sql(`ANALYZE coupon`)
      const conn = await (knex() as any).client.acquireConnection()
      try {
        const query = await couponSelect(conn, { promotion_id: promotion.id, batch_id: small.id })
        const { rows } = await conn.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${selectAll(query)}`, query.params)
        const plan = JSON.stringify(rows[0]["QUERY PLAN"])
        expect(plan).toContain('"Index Name":"coupon_pkey"')
        expect(plan).not.toContain("Seq Scan")
        expect(rows[0]["QUERY PLAN"][0].Plan["Actual Rows"]).toBe(3)
        const all = await couponSelect(conn, { promotion_id: promotion.id })
        const { rows: first } = await conn.query(
          `EXPLAIN (FORMAT JSON) ${selectPage(all, { limit: 20, offset: 0 })}`,
          all.params
        )
        expect(JSON.stringify(first[0]["QUERY PLAN"])).not.toContain("Seq Scan")
      } finally {
        await (knex() as any).client.releaseConnection(conn)
      }
      expect((await service.retrieveCouponBatch(big.id)).codes_total).toBe(30000)
    })

    it("migration: gives existing batches their prefix when their codes prove it, and no other batch", async () => {
      const { gen, imp, bare } = await mixed()
      const crowded = await generated((await service.createCouponPromotions({ ...basePromotion, custom_id: "CROWD" })).id, ["CROWD001"])
      // A row of another batch inside crowded's range: the range would not be crowded's alone.
      await service.createCoupons([
        { id: `${crowded.code_id_prefix}FFFFFFFFFF`, code: "INTRUDER1", promotion_id: crowded.promotion_id } as any,
      ])
      const prefixes = { gen: gen.code_id_prefix, imp: imp.code_id_prefix }
      await sql(`UPDATE coupon_batch SET code_id_prefix = NULL`)
      const migration = new Migration20261203101550({} as any, {} as any)
      await migration.up()
      const backfill = migration.getQueries().find((q) => String(q).includes("WITH loaded"))
      await sql(String(backfill))
      const after = async (id: string) => (await service.retrieveCouponBatch(id)).code_id_prefix
      expect(await after(gen.id)).toBe(prefixes.gen)
      expect(await after(imp.id)).toBe(prefixes.imp)
      expect(await after(bare.id)).toBeNull()
      expect(await after(crowded.id)).toBeNull()
    })
  },
})
