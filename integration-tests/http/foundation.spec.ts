import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { createAdminHeaders, createStoreHeaders } from "../helpers/auth"

jest.setTimeout(120 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    describe("plugin wiring", () => {
      it("boots the app with the coupon module and serves /health", async () => {
        const res = await api.get("/health")
        expect(res.status).toBe(200)
        expect(getContainer().resolve(COUPON_MODULE).getOptions().backgroundThreshold).toBe(5000)
      })

      it("migrates the coupon table to exactly the indexes bulk loading pays for, and no foreign key", async () => {
        const knex = getContainer().resolve("__pg_connection__")
        const { rows: indexes } = await knex.raw(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'coupon' ORDER BY indexname`)
        expect(indexes.map((i: any) => i.indexname)).toEqual([
          "IDX_coupon_code_unique",
          "IDX_coupon_customer_id",
          "IDX_coupon_promotion_id_state_id",
          "coupon_pkey",
        ])
        // Issue 19: a bulk load writes unassigned codes of a batch only, and those are not in this index (a batch's
        // codes are its primary-key range, coupon_batch.code_id_prefix).
        expect(indexes.find((i: any) => i.indexname === "IDX_coupon_promotion_id_state_id").indexdef).toContain(
          "(promotion_id, state, id) WHERE ((deleted_at IS NULL) AND ((state <> 'unassigned'::text) OR (batch_id IS NULL)))"
        )
        const { rows: foreignKeys } = await knex.raw(
          `SELECT conname FROM pg_constraint WHERE conrelid = 'coupon'::regclass AND contype = 'f'`
        )
        expect(foreignKeys).toEqual([])
      })

      it("lists coupon promotions for an admin, with pagination metadata", async () => {
        const admin = await createAdminHeaders(getContainer())
        await getContainer()
          .resolve(COUPON_MODULE)
          .createCouponPromotions([
            { custom_id: "A", name: "Alpha", coupon_type: "promotion_code", discount_type: "percentage", discount_value: 5 },
            { custom_id: "B", name: "Beta", coupon_type: "personal", discount_type: "fixed", discount_value: 20, currency_code: "eur" },
          ])
        const res = await api.get("/admin/coupon-promotions?limit=1&order=custom_id", admin)
        expect(res.status).toBe(200)
        expect(res.data).toEqual({
          coupon_promotions: [expect.objectContaining({ custom_id: "A", name: "Alpha", codes_total: 0 })],
          count: 2,
          offset: 0,
          limit: 1,
        })
      })

      it("refuses admin routes without an admin token", async () => {
        const err = await api.get("/admin/coupon-promotions").catch((e) => e)
        expect(err.response.status).toBe(401)
      })

      it("gives store requests a publishable key for a sales channel", async () => {
        const store = await createStoreHeaders(getContainer())
        const res = await api.get("/store/products", store)
        expect(res.status).toBe(200)
        expect(store.publishableKey).toMatch(/^pk_/)
      })
    })
  },
})
