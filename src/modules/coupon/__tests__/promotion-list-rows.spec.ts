import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from ".."
import CouponModuleService from "../service"
import { LIST_ROW_PROMOTION_COLUMNS, loadPromotionListRows } from "../sql/promotion-list-rows"

jest.setTimeout(120000)

// Issue 19: the admin promotions list reads its page's rows with two queries of its own instead of query.graph's
// entities (the HTTP spec coupon-promotions compares the route's answer with query.graph's). Here: the SQL itself.
moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getConnection().getKnex()
    const page = (rows: { promotion: string[]; batches?: string[] }, q?: string) =>
      service.listCouponPromotionIdsForAdmin({
        q,
        now: new Date(),
        order: { column: "custom_id", direction: "ASC" },
        limit: 20,
        offset: 0,
        rows,
      })

    it("returns the page's promotions in page order with their live batches in id order, numbers as numbers", async () => {
      const [a, b, c] = await service.createCouponPromotions([
        { custom_id: "A", name: "A", coupon_type: "promotion_code", discount_type: "percentage", discount_value: 12.5 },
        {
          custom_id: "B",
          name: "B",
          coupon_type: "personal",
          discount_type: "fixed",
          discount_value: 30,
          currency_code: "eur",
          min_purchase: 10.75,
          budget: 500,
          target_product_ids: ["prod_1"],
          metadata: { k: 1 },
        },
        { custom_id: "C", name: "C", coupon_type: "promotion_code", discount_type: "percentage", discount_value: 5 },
      ])
      const [b1, b2, b3] = await service.createCouponBatches([
        { promotion_id: b.id, source: "generated", state: "completed", codes_total: 3 },
        { promotion_id: b.id, source: "imported", file_name: "x.csv" },
        { promotion_id: b.id, source: "generated" },
      ])
      await service.softDeleteCouponBatches([b2.id])
      await service.softDeleteCouponPromotions([c.id])

      const result = await page({
        promotion: ["custom_id", "discount_value", "min_purchase", "budget", "max_discount", "target_product_ids", "metadata", "created_at"],
        batches: ["id", "state", "file_name", "codes_total"],
      })
      expect(result.ids).toEqual([a.id, b.id])
      expect(result.count).toBe(2)
      expect(result.rows).toEqual([
        {
          id: a.id,
          custom_id: "A",
          discount_value: 12.5,
          min_purchase: 0,
          budget: null,
          max_discount: null,
          target_product_ids: [],
          metadata: null,
          created_at: expect.any(Date),
          batches: [],
        },
        {
          id: b.id,
          custom_id: "B",
          discount_value: 30,
          min_purchase: 10.75,
          budget: 500,
          max_discount: null,
          target_product_ids: ["prod_1"],
          metadata: { k: 1 },
          created_at: expect.any(Date),
          // Id order: ids made in the same millisecond need not follow the order they were created in.
          batches: [
            { id: b1.id, state: "completed", file_name: null, codes_total: 3 },
            { id: b3.id, state: "pending", file_name: null, codes_total: 0 },
          ].sort((x, y) => (x.id < y.id ? -1 : 1)),
        },
      ])

      // The same values as the module's own list (MikroORM) for every plain column.
      const [viaOrm] = await service.listCouponPromotions({ id: b.id })
      const [row] = (await page({ promotion: [...LIST_ROW_PROMOTION_COLUMNS] }, "B")).rows!
      for (const column of LIST_ROW_PROMOTION_COLUMNS) {
        expect({ [column]: row[column] }).toEqual({ [column]: (viaOrm as any)[column] })
      }
      expect(row.batches).toBeUndefined()
    })

    it("reads only listed columns, and an empty page reads nothing", async () => {
      await service.createCouponPromotions({
        custom_id: "X",
        name: "X",
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 5,
      })
      await expect(page({ promotion: ["id", "raw_discount_value"] })).rejects.toThrow("Not a list column: raw_discount_value")
      await expect(page({ promotion: ["id"], batches: ["id; DROP TABLE coupon"] })).rejects.toThrow(
        "Not a list column: id; DROP TABLE coupon"
      )
      expect(await page({ promotion: ["id"] }, "nothing-matches")).toEqual({ ids: [], count: 0, rows: [] })
      expect(await loadPromotionListRows(knex() as any, { ids: [], promotion: ["bogus"] })).toEqual([])
      expect((await service.listCouponPromotions({})).length).toBe(1)
    })
  },
})
