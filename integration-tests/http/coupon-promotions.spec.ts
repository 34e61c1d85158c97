import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { checkCouponEligibility } from "../../src/engine/eligibility"
import { createAdminHeaders, Headers } from "../helpers/auth"
import { withComputedStatus } from "../../src/api/admin/coupon-promotions/helpers"
import { listRowsPlan } from "../../src/api/admin/coupon-promotions/list-rows"
import {
  defaultAdminCouponPromotionFields,
  promotionStatusInputFields,
} from "../../src/api/admin/coupon-promotions/query-config"

jest.setTimeout(180 * 1000)

type Body = Record<string, unknown>

const BASE = "/admin/coupon-promotions"

/** The smallest valid create body; tests override what they are about. */
const minimal = (over: Body = {}): Body => ({
  custom_id: "SUMMER",
  name: "Summer sale",
  coupon_type: "promotion_code",
  discount_type: "percentage",
  discount_value: 10,
  ...over,
})

const setClock = (iso: string | null) => {
  if (iso) {
    process.env.COUPON_CLOCK_NOW = iso
  } else {
    delete process.env.COUPON_CLOCK_NOW
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: Headers
    let container: MedusaContainer
    let emitted: { name: string; data: any }[]

    /** The HTTP response of a request expected to fail (a success fails the test). */
    const failure = async (p: Promise<any>) => {
      const res = await p.then(
        (r) => {
          throw new Error(`expected a failure, got ${r.status} ${JSON.stringify(r.data)}`)
        },
        (e) => e
      )
      if (!res.response) {
        throw res
      }
      return res.response
    }
    const coupons = () => container.resolve(COUPON_MODULE)
    const promotionCount = async () => (await coupons().listCouponPromotions({}, { select: ["id"] })).length
    const create = async (over: Body = {}) => (await api.post(BASE, minimal(over), admin)).data.coupon_promotion

    beforeEach(async () => {
      container = getContainer()
      admin = await createAdminHeaders(container)
      setClock(null)
      emitted = []
      const eventBus = container.resolve(Modules.EVENT_BUS)
      jest.spyOn(eventBus, "emit").mockImplementation(async (messages: any) => {
        for (const m of Array.isArray(messages) ? messages : [messages]) {
          if (String(m.name).startsWith("coupon_promotion.")) {
            emitted.push({ name: m.name, data: m.data })
          }
        }
      })
    })

    afterEach(() => {
      setClock(null)
      jest.restoreAllMocks()
    })

    describe("auth and 404s", () => {
      it("answers 401 to every route without an admin token", async () => {
        const { data } = await api.post(BASE, minimal(), admin)
        const id = data.coupon_promotion.id
        const calls = [
          () => api.get(BASE),
          () => api.post(BASE, minimal({ custom_id: "OTHER" })),
          () => api.get(`${BASE}/${id}`),
          () => api.post(`${BASE}/${id}`, { name: "x" }),
          () => api.delete(`${BASE}/${id}`),
          () => api.post(`${BASE}/${id}/duplicate`, {}),
          () => api.post(`${BASE}/${id}/archive`, {}),
        ]
        for (const call of calls) {
          expect((await failure(call())).status).toBe(401)
        }
        expect(await promotionCount()).toBe(1)
        const after = (await api.get(`${BASE}/${id}`, admin)).data.coupon_promotion
        expect(after).toEqual(expect.objectContaining({ name: "Summer sale", archived_at: null }))
      })

      it("answers 404 for an unknown or deleted promotion on every :id route", async () => {
        const deleted = await create({ custom_id: "GONE" })
        await api.delete(`${BASE}/${deleted.id}`, admin)
        for (const id of ["cpromo_missing", deleted.id]) {
          const message = `Coupon promotion with id ${id} was not found`
          for (const call of [
            () => api.get(`${BASE}/${id}`, admin),
            () => api.post(`${BASE}/${id}`, { name: "x" }, admin),
            () => api.delete(`${BASE}/${id}`, admin),
            () => api.post(`${BASE}/${id}/duplicate`, {}, admin),
            () => api.post(`${BASE}/${id}/archive`, {}, admin),
          ]) {
            const res = await failure(call())
            expect(res.status).toBe(404)
            expect(res.data.message).toBe(message)
          }
        }
        expect(await promotionCount()).toBe(0)
      })
    })

    describe("create", () => {
      it("stores every field, expands the sales channel name and emits coupon_promotion.created", async () => {
        const channel = await container.resolve(Modules.SALES_CHANNEL).createSalesChannels({ name: "Main store" })
        const product = await container.resolve(Modules.PRODUCT).createProducts({ title: "Scarf" })
        const collection = await container.resolve(Modules.PRODUCT).createProductCollections({ title: "Winter" })
        const category = await container.resolve(Modules.PRODUCT).createProductCategories({ name: "Hats" })
        const res = await api.post(
          BASE,
          {
            custom_id: "XMAS-2030",
            name: "Christmas",
            description: "10% on Christmas items",
            sales_channel_id: channel.id,
            status: "inactive",
            inactive_message: "Back on December 1st",
            coupon_type: "promotion_code",
            discount_type: "percentage",
            discount_value: 10,
            applies_to: "specific",
            target_product_ids: [product.id],
            target_collection_ids: [collection.id],
            target_category_ids: [category.id],
            min_purchase: 50,
            currency_code: "EUR",
            usage_per_customer: "limited",
            usage_per_customer_limit: 3,
            usage_per_code: "first_customers",
            usage_per_code_limit: 100,
            time_span_type: "range",
            starts_at: "2030-12-01T00:00:00.000Z",
            ends_at: "2030-12-31T23:59:59.000Z",
            metadata: { campaign: "xmas" },
          },
          admin
        )
        expect(res.status).toBe(200)
        expect(res.data.coupon_promotion).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^cpromo_/),
            custom_id: "XMAS-2030",
            description: "10% on Christmas items",
            sales_channel_id: channel.id,
            sales_channel: { id: channel.id, name: "Main store" },
            status: "inactive",
            computed_status: "inactive",
            inactive_message: "Back on December 1st",
            discount_value: 10,
            currency_code: "eur",
            applies_to: "specific",
            target_product_ids: [product.id],
            target_collection_ids: [collection.id],
            target_category_ids: [category.id],
            min_purchase: 50,
            usage_per_customer: "limited",
            usage_per_customer_limit: 3,
            usage_per_code: "first_customers",
            usage_per_code_limit: 100,
            time_span_type: "range",
            starts_at: "2030-12-01T00:00:00.000Z",
            ends_at: "2030-12-31T23:59:59.000Z",
            archived_at: null,
            codes_total: 0,
            batches: [],
            metadata: { campaign: "xmas" },
          })
        )
        expect(emitted).toEqual([{ name: "coupon_promotion.created", data: { id: res.data.coupon_promotion.id } }])
      })

      it("applies the defaults: store currency for fixed, min purchase 0, one order, unlimited time, active", async () => {
        const promotion = await create({ coupon_type: "personal", discount_type: "fixed", discount_value: 25 })
        expect(promotion).toEqual(
          expect.objectContaining({
            status: "active",
            computed_status: "active",
            inactive_message: "The coupon is inactive until further notice",
            currency_code: "eur",
            min_purchase: 0,
            applies_to: "all",
            target_product_ids: [],
            usage_per_customer: "one_order",
            usage_per_customer_limit: null,
            usage_per_code: "unlimited",
            time_span_type: "unlimited",
            starts_at: null,
            ends_at: null,
            sales_channel_id: null,
          })
        )
        expect(promotion.sales_channel ?? null).toBeNull()
        const percentage = await create({ custom_id: "PCT" })
        expect(percentage.currency_code).toBeNull()
      })

      it("fixes a relative time span into dates from the clock at creation (months clamp to month end)", async () => {
        setClock("2030-01-31T10:00:00.000Z")
        const months = await create({ time_span_type: "relative", time_span_amount: 1, time_span_unit: "months" })
        expect(months).toEqual(
          expect.objectContaining({
            time_span_type: "relative",
            time_span_amount: 1,
            time_span_unit: "months",
            starts_at: "2030-01-31T10:00:00.000Z",
            ends_at: "2030-02-28T10:00:00.000Z",
            computed_status: "active",
          })
        )
        const weeks = await create({
          custom_id: "W",
          time_span_type: "relative",
          time_span_amount: 2,
          time_span_unit: "weeks",
        })
        expect(weeks.ends_at).toBe("2030-02-14T10:00:00.000Z")
        // Later edits of other fields keep the dates fixed at creation.
        setClock("2030-02-10T00:00:00.000Z")
        const edited = (await api.post(`${BASE}/${months.id}`, { name: "Renamed" }, admin)).data.coupon_promotion
        expect(edited.ends_at).toBe("2030-02-28T10:00:00.000Z")
        // Changing the span itself fixes it again from the new "today".
        const respanned = (
          await api.post(`${BASE}/${months.id}`, { time_span_amount: 3, time_span_unit: "days" }, admin)
        ).data.coupon_promotion
        expect(respanned.starts_at).toBe("2030-02-10T00:00:00.000Z")
        expect(respanned.ends_at).toBe("2030-02-13T00:00:00.000Z")
      })

      it("refuses every invalid field and combination with a 400 naming the field, writing nothing", async () => {
        const cases: [string, Body, string][] = [
          ["missing custom_id", { custom_id: undefined }, "Field 'custom_id' is required"],
          ["bad custom_id", { custom_id: "has space" }, "Field 'custom_id' must be 1-64 letters"],
          ["empty name", { name: "  " }, "Value for field 'name' too small, expected at least: '1'"],
          ["missing coupon_type", { coupon_type: undefined }, "Field 'coupon_type' is required"],
          ["unknown coupon_type", { coupon_type: "gift" }, "for field 'coupon_type'"],
          ["unknown discount_type", { discount_type: "bogo" }, "for field 'discount_type'"],
          ["discount not a number", { discount_value: "10" }, "Expected type: 'number' for field 'discount_value'"],
          [
            "percentage 0",
            { discount_value: 0 },
            "Field 'discount_value' must be greater than 0 and at most 100 for a percentage discount",
          ],
          [
            "percentage > 100",
            { discount_value: 100.01 },
            "Field 'discount_value' must be greater than 0 and at most 100 for a percentage discount",
          ],
          [
            "fixed 0",
            { discount_type: "fixed", discount_value: 0 },
            "Field 'discount_value' must be greater than 0 for a fixed discount",
          ],
          [
            "currency not of the store",
            { discount_type: "fixed", discount_value: 5, currency_code: "usd" },
            "Field 'currency_code': 'usd' is not a currency of the store (supported: eur)",
          ],
          ["currency not 3 letters", { currency_code: "euro" }, "Value for field 'currency_code' too big, expected at most: '3'"],
          ["negative min purchase", { min_purchase: -1 }, "Value for field 'min_purchase' too small"],
          ["unknown status", { status: "paused" }, "for field 'status'"],
          ["empty inactive message", { inactive_message: "" }, "Value for field 'inactive_message' too small, expected at least: '1'"],
          [
            "personal + first customers",
            { coupon_type: "personal", usage_per_code: "first_customers", usage_per_code_limit: 5 },
            "Field 'usage_per_code': 'first_customers' is only available for promotion codes",
          ],
          [
            "first customers without limit",
            { usage_per_code: "first_customers" },
            "Field 'usage_per_code_limit' must be a positive whole number when 'usage_per_code' is 'first_customers'",
          ],
          ["first customers limit 0", { usage_per_code: "first_customers", usage_per_code_limit: 0 }, "Value for field 'usage_per_code_limit' too small"],
          [
            "code limit without first customers",
            { usage_per_code_limit: 5 },
            "Field 'usage_per_code_limit' applies only when 'usage_per_code' is 'first_customers'",
          ],
          [
            "limited usage without limit",
            { usage_per_customer: "limited" },
            "Field 'usage_per_customer_limit' must be a positive whole number when 'usage_per_customer' is 'limited'",
          ],
          ["limited usage fractional", { usage_per_customer: "limited", usage_per_customer_limit: 1.5 }, "usage_per_customer_limit"],
          [
            "customer limit with one order",
            { usage_per_customer: "one_order", usage_per_customer_limit: 2 },
            "Field 'usage_per_customer_limit' applies only when 'usage_per_customer' is 'limited'",
          ],
          [
            "relative without amount",
            { time_span_type: "relative", time_span_unit: "days" },
            "Field 'time_span_amount' must be a positive whole number for a relative time span",
          ],
          [
            "relative without unit",
            { time_span_type: "relative", time_span_amount: 3 },
            "Field 'time_span_unit' is required for a relative time span (days, weeks or months)",
          ],
          ["relative unit unknown", { time_span_type: "relative", time_span_amount: 3, time_span_unit: "years" }, "for field 'time_span_unit'"],
          [
            "relative with dates",
            { time_span_type: "relative", time_span_amount: 3, time_span_unit: "days", ends_at: "2030-01-01" },
            "Fields 'starts_at' and 'ends_at' are computed for a relative time span",
          ],
          [
            "range without start",
            { time_span_type: "range", ends_at: "2030-01-01T00:00:00Z" },
            "Field 'starts_at' is required when 'time_span_type' is 'range'",
          ],
          [
            "range without end",
            { time_span_type: "range", starts_at: "2030-01-01T00:00:00Z" },
            "Field 'ends_at' is required when 'time_span_type' is 'range'",
          ],
          [
            "range start = end",
            { time_span_type: "range", starts_at: "2030-01-01T00:00:00Z", ends_at: "2030-01-01T00:00:00Z" },
            "Field 'ends_at' must be after 'starts_at'",
          ],
          [
            "range start > end",
            { time_span_type: "range", starts_at: "2030-02-01T00:00:00Z", ends_at: "2030-01-01T00:00:00Z" },
            "Field 'ends_at' must be after 'starts_at'",
          ],
          ["range bad date", { time_span_type: "range", starts_at: "soon", ends_at: "2030-01-01" }, "Field 'starts_at' must be an ISO 8601 date"],
          [
            "dates with unlimited span",
            { starts_at: "2030-01-01T00:00:00Z" },
            "Field 'starts_at' applies only when 'time_span_type' is 'range'",
          ],
          [
            "amount with range span",
            { time_span_type: "range", starts_at: "2030-01-01", ends_at: "2030-02-01", time_span_amount: 2 },
            "Field 'time_span_amount' applies only when 'time_span_type' is 'relative'",
          ],
          [
            "specific without targets",
            { applies_to: "specific" },
            "Field 'applies_to' is 'specific': give at least one of 'target_product_ids', 'target_collection_ids', 'target_category_ids'",
          ],
          [
            "targets with all products",
            { target_product_ids: ["prod_1"] },
            "Field 'target_product_ids' applies only when 'applies_to' is 'specific'",
          ],
          [
            "unknown product",
            { applies_to: "specific", target_product_ids: ["prod_nope"] },
            "Field 'target_product_ids': product id not found: prod_nope",
          ],
          [
            "unknown collection",
            { applies_to: "specific", target_collection_ids: ["pcol_nope", "pcol_nope2"] },
            "Field 'target_collection_ids': collection ids not found: pcol_nope, pcol_nope2",
          ],
          [
            "unknown category",
            { applies_to: "specific", target_category_ids: ["pcat_nope"] },
            "Field 'target_category_ids': category id not found: pcat_nope",
          ],
          ["unknown sales channel", { sales_channel_id: "sc_nope" }, "Field 'sales_channel_id': sales channel id not found: sc_nope"],
          ["unknown field", { discount: 10 }, "Unrecognized fields: 'discount'"],
          ["archived_at not settable", { archived_at: "2030-01-01" }, "Unrecognized fields: 'archived_at'"],
          ["counters not settable", { codes_total: 5 }, "Unrecognized fields: 'codes_total'"],
        ]
        const problems: string[] = []
        for (const [label, over, message] of cases) {
          const body = minimal(over)
          for (const k of Object.keys(body)) {
            if (body[k] === undefined) {
              delete body[k]
            }
          }
          const res = await failure(api.post(BASE, body, admin))
          if (res.status !== 400 || !String(res.data.message).includes(message)) {
            problems.push(`${label}: ${res.status} ${res.data.message}`)
          }
        }
        expect(problems).toEqual([])
        expect(await promotionCount()).toBe(0)
        expect(emitted).toEqual([])
      })

      it("refuses a fixed discount without currency when the store has no default currency", async () => {
        const storeModule = container.resolve(Modules.STORE)
        const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] })
        await storeModule.updateStores(store.id, { supported_currencies: [] })
        const res = await failure(
          api.post(BASE, minimal({ coupon_type: "personal", discount_type: "fixed", discount_value: 5 }), admin)
        )
        expect(res.status).toBe(400)
        expect(res.data.message).toBe(
          "Field 'currency_code' is required: the store has no default currency for the fixed discount"
        )
        expect(await promotionCount()).toBe(0)
        // With an explicit currency it is accepted (a store without currencies restricts nothing).
        const ok = await create({ discount_type: "fixed", discount_value: 5, currency_code: "usd" })
        expect(ok.currency_code).toBe("usd")
      })

      it("answers 400 for a custom_id already in use, and frees it when that promotion is deleted", async () => {
        const first = await create()
        const res = await failure(api.post(BASE, minimal({ name: "Other" }), admin))
        expect(res.status).toBe(400)
        expect(res.data.message).toBe("Field 'custom_id': a coupon promotion with custom_id 'SUMMER' already exists")
        expect(await promotionCount()).toBe(1)
        await api.delete(`${BASE}/${first.id}`, admin)
        expect((await create()).custom_id).toBe("SUMMER")
      })
    })

    describe("update", () => {
      it("merges a partial update, re-checks the merged state and emits coupon_promotion.updated", async () => {
        const promotion = await create({ usage_per_customer: "limited", usage_per_customer_limit: 2 })
        emitted = []
        const res = await api.post(
          `${BASE}/${promotion.id}`,
          { name: "Summer 2030", status: "inactive", inactive_message: "Paused" },
          admin
        )
        expect(res.data.coupon_promotion).toEqual(
          expect.objectContaining({
            name: "Summer 2030",
            custom_id: "SUMMER",
            status: "inactive",
            computed_status: "inactive",
            inactive_message: "Paused",
            usage_per_customer_limit: 2,
            discount_value: 10,
          })
        )
        expect(emitted).toEqual([
          {
            name: "coupon_promotion.updated",
            data: { id: promotion.id, fields: ["name", "status", "inactive_message"] },
          },
        ])

        // The merged state must be valid: 150 is fine for fixed, not once the type becomes percentage.
        const fixed = await create({ custom_id: "FIX", discount_type: "fixed", discount_value: 150 })
        const bad = await failure(api.post(`${BASE}/${fixed.id}`, { discount_type: "percentage" }, admin))
        expect(bad.status).toBe(400)
        expect(bad.data.message).toBe(
          "Field 'discount_value' must be greater than 0 and at most 100 for a percentage discount"
        )
        const range = await failure(
          api.post(`${BASE}/${promotion.id}`, { time_span_type: "range", starts_at: "2030-01-01T00:00:00Z" }, admin)
        )
        expect(range.data.message).toBe("Field 'ends_at' is required when 'time_span_type' is 'range'")
        const unknown = await failure(api.post(`${BASE}/${promotion.id}`, { nope: 1 }, admin))
        expect(unknown.data.message).toBe("Invalid request: Unrecognized fields: 'nope'")
        const stored = (await api.get(`${BASE}/${fixed.id}`, admin)).data.coupon_promotion
        expect(stored).toEqual(expect.objectContaining({ discount_type: "fixed", discount_value: 150, currency_code: "eur" }))

        // Switching an option drops the values only the old option used.
        const switched = (
          await api.post(`${BASE}/${promotion.id}`, { usage_per_customer: "unlimited" }, admin)
        ).data.coupon_promotion
        expect(switched.usage_per_customer_limit).toBeNull()
        const toPercentage = (await api.post(`${BASE}/${fixed.id}`, { discount_type: "percentage", discount_value: 15 }, admin))
          .data.coupon_promotion
        expect(toPercentage.currency_code).toBe("eur")
      })

      it("refuses a custom_id taken by another promotion with 400", async () => {
        await create({ custom_id: "A" })
        const b = await create({ custom_id: "B" })
        const res = await failure(api.post(`${BASE}/${b.id}`, { custom_id: "A" }, admin))
        expect(res.status).toBe(400)
        expect(res.data.message).toBe("Field 'custom_id': a coupon promotion with custom_id 'A' already exists")
        expect((await api.post(`${BASE}/${b.id}`, { custom_id: "B" }, admin)).status).toBe(200)
      })

      it("freezes coupon type, discount and currency once a code is used, naming the fields", async () => {
        const promotion = await create({ discount_type: "fixed", discount_value: 20 })
        await coupons().updateCouponPromotions({ id: promotion.id, codes_total: 10, codes_used_partially: 1 })
        const res = await failure(
          api.post(`${BASE}/${promotion.id}`, { coupon_type: "personal", discount_value: 30 }, admin)
        )
        expect(res.status).toBe(400)
        expect(res.data.message).toBe(
          "'coupon_type', 'discount_value' cannot change: codes of this promotion have already been used under the " +
            "current terms. Duplicate the promotion to offer different terms."
        )
        const stored = (await api.get(`${BASE}/${promotion.id}`, admin)).data.coupon_promotion
        expect(stored).toEqual(expect.objectContaining({ coupon_type: "promotion_code", discount_value: 20 }))
        // Other fields, and re-sending the same terms, stay editable.
        const ok = await api.post(`${BASE}/${promotion.id}`, { name: "Renamed", discount_value: 20, status: "inactive" }, admin)
        expect(ok.data.coupon_promotion).toEqual(expect.objectContaining({ name: "Renamed", status: "inactive" }))

        // A redemption in the ledger counts as use even when the counters say nothing yet.
        const other = await create({ custom_id: "LEDGER" })
        const coupon = await coupons().createCoupons({ code: "LEDGER-1", promotion_id: other.id })
        await coupons().createCouponRedemptions({
          coupon_id: coupon.id,
          promotion_id: other.id,
          cart_id: "cart_1",
          amount: 1,
          currency_code: "eur",
          reserved_at: new Date(),
        })
        const res2 = await failure(api.post(`${BASE}/${other.id}`, { currency_code: "eur", min_purchase: 10, discount_value: 11 }, admin))
        expect(res2.data.message).toMatch(/^'discount_value', 'currency_code' cannot change/)
      })
    })

    describe("computed status", () => {
      it("moves Scheduled → Active → Expired with the clock, and Inactive / Archived win over dates", async () => {
        setClock("2030-05-01T00:00:00.000Z")
        const p = await create({
          time_span_type: "range",
          starts_at: "2030-06-01T00:00:00.000Z",
          ends_at: "2030-07-01T00:00:00.000Z",
        })
        const status = async () => (await api.get(`${BASE}/${p.id}`, admin)).data.coupon_promotion.computed_status
        expect(p.computed_status).toBe("scheduled")
        setClock("2030-06-01T00:00:00.000Z")
        expect(await status()).toBe("active")
        setClock("2030-07-01T00:00:00.000Z")
        expect(await status()).toBe("expired")
        await api.post(`${BASE}/${p.id}`, { status: "inactive" }, admin)
        expect(await status()).toBe("inactive")
        await api.post(`${BASE}/${p.id}`, { status: "active" }, admin)
        expect(await status()).toBe("expired")
        await api.post(`${BASE}/${p.id}/archive`, {}, admin)
        expect(await status()).toBe("archived")
      })

      it("is Expired when used up: all codes fully used, or first N customers all exhausted", async () => {
        const allUsed = await create({ custom_id: "ALL" })
        await coupons().updateCouponPromotions({ id: allUsed.id, codes_total: 3, codes_used_fully: 2 })
        const get = async (id: string) => (await api.get(`${BASE}/${id}`, admin)).data.coupon_promotion.computed_status
        expect(await get(allUsed.id)).toBe("active")
        await coupons().updateCouponPromotions({ id: allUsed.id, codes_used_fully: 3 })
        expect(await get(allUsed.id)).toBe("expired")

        const firstN = await create({ custom_id: "FIRST", usage_per_code: "first_customers", usage_per_code_limit: 2 })
        await coupons().updateCouponPromotions({ id: firstN.id, codes_total: 1, customers_used: 2, customers_exhausted: 1 })
        expect(await get(firstN.id)).toBe("active")
        await coupons().updateCouponPromotions({ id: firstN.id, customers_exhausted: 2 })
        expect(await get(firstN.id)).toBe("expired")
      })
    })

    describe("list", () => {
      it("filters by computed status in SQL, searches name/custom ID, paginates and counts correctly", async () => {
        setClock("2030-05-01T00:00:00.000Z")
        const active = await create({ custom_id: "ACTIVE-1", name: "Spring deal" })
        const active2 = await create({ custom_id: "ACTIVE-2", name: "Another" })
        const inactive = await create({ custom_id: "INACTIVE", name: "Paused", status: "inactive" })
        const scheduled = await create({
          custom_id: "LATER",
          name: "Summer",
          time_span_type: "range",
          starts_at: "2030-06-01T00:00:00Z",
          ends_at: "2030-07-01T00:00:00Z",
        })
        const datedOut = await create({
          custom_id: "OVER",
          name: "Winter",
          time_span_type: "range",
          starts_at: "2030-01-01T00:00:00Z",
          ends_at: "2030-02-01T00:00:00Z",
        })
        const usedUp = await create({ custom_id: "USEDUP", name: "Gone" })
        await coupons().updateCouponPromotions({ id: usedUp.id, codes_total: 1, codes_used_fully: 1 })
        const firstN = await create({ custom_id: "FIRSTN", name: "First", usage_per_code: "first_customers", usage_per_code_limit: 1 })
        await coupons().updateCouponPromotions({ id: firstN.id, codes_total: 2, customers_used: 2, customers_exhausted: 2 })
        const archived = await create({ custom_id: "OLD", name: "Old" })
        await api.post(`${BASE}/${archived.id}/archive`, {}, admin)

        const list = async (qs: string) => (await api.get(`${BASE}?${qs}`, admin)).data
        const ids = (data: any) => data.coupon_promotions.map((p: any) => p.custom_id)

        expect(ids(await list("status=active&order=custom_id"))).toEqual(["ACTIVE-1", "ACTIVE-2"])
        expect(ids(await list("status=inactive"))).toEqual(["INACTIVE"])
        expect(ids(await list("status=scheduled"))).toEqual(["LATER"])
        expect(ids(await list("status=expired&order=custom_id"))).toEqual(["FIRSTN", "OVER", "USEDUP"])
        expect(ids(await list("status=archived"))).toEqual(["OLD"])
        expect(ids(await list("status[]=scheduled&status[]=archived&order=custom_id"))).toEqual(["LATER", "OLD"])

        const page = await list("status=active,expired&order=custom_id&limit=2&offset=1")
        expect(ids(page)).toEqual(["ACTIVE-2", "FIRSTN"])
        expect(page).toEqual(expect.objectContaining({ count: 5, offset: 1, limit: 2 }))
        for (const p of (await list("limit=50")).coupon_promotions) {
          const expected: Record<string, string> = {
            [active.id]: "active",
            [active2.id]: "active",
            [inactive.id]: "inactive",
            [scheduled.id]: "scheduled",
            [datedOut.id]: "expired",
            [usedUp.id]: "expired",
            [firstN.id]: "expired",
            [archived.id]: "archived",
          }
          expect([p.custom_id, p.computed_status]).toEqual([p.custom_id, expected[p.id]])
        }

        // The clock moves: the scheduled one becomes active, the status filter follows.
        setClock("2030-06-15T00:00:00Z")
        expect(ids(await list("status=active&order=custom_id"))).toEqual(["ACTIVE-1", "ACTIVE-2", "LATER"])

        expect(ids(await list("q=spring"))).toEqual(["ACTIVE-1"])
        expect(ids(await list("q=active-&order=-custom_id"))).toEqual(["ACTIVE-2", "ACTIVE-1"])
        expect(ids(await list("q=100%25"))).toEqual([])
        const all = await list("order=-created_at&limit=3")
        expect(all.count).toBe(8)
        expect(all.coupon_promotions).toHaveLength(3)

        const badStatus = await failure(api.get(`${BASE}?status=gone`, admin))
        expect(badStatus.status).toBe(400)
        const badOrder = await failure(api.get(`${BASE}?order=discount_value`, admin))
        expect(badOrder.status).toBe(400)
        expect(badOrder.data.message).toMatch(/^Coupon promotions cannot be ordered by 'discount_value'/)
      })

      it("reads plain-column rows itself, value for value what query.graph returns; other fields go to query.graph", async () => {
        const channels = container.resolve(Modules.SALES_CHANNEL)
        const [eu, gone] = await channels.createSalesChannels([{ name: "EU shop" }, { name: "Closed shop" }])
        const full = await create({
          custom_id: "FULL",
          sales_channel_id: eu.id,
          discount_value: 12.5,
          min_purchase: 30.25,
          time_span_type: "range",
          starts_at: "2030-06-01T00:00:00Z",
          ends_at: "2030-07-01T00:00:00Z",
          metadata: { team: "growth", n: 2 },
        })
        const bare = await create({ custom_id: "BARE" })
        const orphan = await create({ custom_id: "ORPHAN", sales_channel_id: gone.id })
        await channels.softDeleteSalesChannels([gone.id])
        const batches = await coupons().createCouponBatches([
          { promotion_id: full.id, source: "generated", state: "completed", codes_total: 5, codes_unassigned: 5 },
          { promotion_id: full.id, source: "imported", state: "failed", file_name: "x.csv", file_format: "csv", error: { message: "bad file" } },
          { promotion_id: orphan.id, source: "generated", state: "running", requested_count: 10, pattern: { length: 12, prefix: "A" } },
        ])
        await coupons().softDeleteCouponBatches([batches[0].id])
        await coupons().updateCouponPromotions({
          id: full.id,
          discount_used: { eur: 3.5 },
          codes_total: 5,
          budget: 1000,
          max_discount: 40.75,
          applies_to: "specific",
          target_product_ids: ["prod_1", "prod_2"],
        })

        const viaGraph = async (fields: string[], ids: string[]) => {
          const { data } = await container.resolve("query").graph({
            entity: "coupon_promotion",
            fields: [...new Set([...fields, ...promotionStatusInputFields])],
            filters: { id: ids },
          })
          const rows = ids.map((id) => data.find((p: any) => p.id === id))
          return JSON.parse(JSON.stringify(withComputedStatus(rows)))
        }
        const byBatchId = (rows: any[]) =>
          rows.map((row) => (row.batches ? { ...row, batches: [...row.batches].sort((a, b) => (a.id < b.id ? -1 : 1)) } : row))

        // The default fields: read by the module's own queries.
        const plan = listRowsPlan([...defaultAdminCouponPromotionFields, ...promotionStatusInputFields])
        expect(plan).toEqual(expect.objectContaining({ salesChannel: ["id", "name"] }))
        const listed = (await api.get(`${BASE}?order=custom_id`, admin)).data.coupon_promotions
        expect(listed.map((p: any) => p.custom_id)).toEqual(["BARE", "FULL", "ORPHAN"])
        const expected = await viaGraph(defaultAdminCouponPromotionFields, [bare.id, full.id, orphan.id])
        expect(byBatchId(listed)).toEqual(byBatchId(expected))
        // The deleted batch is left out, and so is the channel that is gone.
        expect(listed[1].batches.map((b: any) => b.id)).toEqual([batches[1].id])
        expect(listed[1].discount_value).toBe(12.5)
        expect(listed[1].min_purchase).toBe(30.25)
        expect(listed[0].sales_channel).toBeUndefined()
        expect(listed[2].sales_channel).toBeUndefined()

        // Chosen plain fields, with and without the sales channel column itself.
        for (const fields of [
          "id,name,batches.state,sales_channel.name",
          "id,sales_channel_id,sales_channel.id",
          "custom_id,budget",
          "id,batches.pattern,batches.error,batches.promotion_id",
        ]) {
          expect(listRowsPlan([...fields.split(","), ...promotionStatusInputFields])).not.toBeNull()
          const rows = (await api.get(`${BASE}?order=custom_id&fields=${fields}`, admin)).data.coupon_promotions
          expect(byBatchId(rows)).toEqual(byBatchId(await viaGraph(fields.split(","), [bare.id, full.id, orphan.id])))
        }
        // A wildcard, a raw value or a relation's relation: query.graph, as before.
        for (const fields of ["id,batches.*", "id,raw_discount_value", "batches.promotion.id"]) {
          expect(listRowsPlan([...fields.split(","), ...promotionStatusInputFields])).toBeNull()
          const rows = (await api.get(`${BASE}?order=custom_id&fields=${fields}`, admin)).data.coupon_promotions
          expect(byBatchId(rows)).toEqual(byBatchId(await viaGraph(fields.split(","), [bare.id, full.id, orphan.id])))
        }
      })

      it("shows stats per promotion and per batch, discount info, time span and store name", async () => {
        const channel = await container.resolve(Modules.SALES_CHANNEL).createSalesChannels({ name: "EU shop" })
        const p = await create({ sales_channel_id: channel.id, min_purchase: 30 })
        const batch = await coupons().createCouponBatches({
          promotion_id: p.id,
          source: "generated",
          state: "completed",
          codes_total: 5,
          codes_unassigned: 2,
          codes_assigned: 1,
          codes_used_partially: 1,
          codes_used_fully: 1,
        })
        await coupons().updateCouponPromotions({
          id: p.id,
          codes_total: 5,
          codes_unassigned: 2,
          codes_assigned: 1,
          codes_used_partially: 1,
          codes_used_fully: 1,
        })
        const [row] = (await api.get(BASE, admin)).data.coupon_promotions
        expect(row).toEqual(
          expect.objectContaining({
            custom_id: "SUMMER",
            sales_channel: { id: channel.id, name: "EU shop" },
            discount_type: "percentage",
            discount_value: 10,
            min_purchase: 30,
            currency_code: "eur",
            time_span_type: "unlimited",
            starts_at: null,
            ends_at: null,
            codes_total: 5,
            codes_unassigned: 2,
            codes_assigned: 1,
            codes_used_partially: 1,
            codes_used_fully: 1,
            computed_status: "active",
            batches: [
              expect.objectContaining({
                id: batch.id,
                codes_total: 5,
                codes_unassigned: 2,
                codes_assigned: 1,
                codes_used_partially: 1,
                codes_used_fully: 1,
              }),
            ],
          })
        )
      })
    })

    describe("archive", () => {
      it("archives once, for good: read-only, no unarchive, listed, codes refused, still duplicable", async () => {
        const p = await create({ discount_type: "fixed", discount_value: 20 })
        emitted = []
        const res = await api.post(`${BASE}/${p.id}/archive`, {}, admin)
        expect(res.data.coupon_promotion).toEqual(
          expect.objectContaining({ computed_status: "archived", archived_at: expect.any(String), status: "active" })
        )
        expect(emitted).toEqual([{ name: "coupon_promotion.archived", data: { id: p.id } }])

        const again = await failure(api.post(`${BASE}/${p.id}/archive`, {}, admin))
        expect(again.status).toBe(400)
        expect(again.data.message).toBe(`Coupon promotion ${p.id} is already archived`)

        for (const body of [{ name: "x" }, { status: "active" }]) {
          const upd = await failure(api.post(`${BASE}/${p.id}`, body, admin))
          expect(upd.status).toBe(400)
          expect(upd.data.message).toBe("Archived coupon promotions are read-only")
        }
        const unarchiveField = await failure(api.post(`${BASE}/${p.id}`, { archived_at: null }, admin))
        expect(unarchiveField.data.message).toBe("Invalid request: Unrecognized fields: 'archived_at'")
        expect((await failure(api.post(`${BASE}/${p.id}/unarchive`, {}, admin))).status).toBe(404)
        const del = await failure(api.delete(`${BASE}/${p.id}`, admin))
        expect(del.status).toBe(400)
        expect(del.data.message).toBe("Archived coupon promotions are read-only")

        const stored = (await api.get(`${BASE}/${p.id}`, admin)).data.coupon_promotion
        expect(stored).toEqual(expect.objectContaining({ name: "Summer sale", archived_at: res.data.coupon_promotion.archived_at }))
        expect((await api.get(`${BASE}?status=archived`, admin)).data.count).toBe(1)

        // "Archived codes refused at checkout": the engine's eligibility check, fed the stored rows.
        const coupon = await coupons().createCoupons({ code: "ARCH-0001", promotion_id: p.id, state: "unassigned" })
        const [promotionRow] = await coupons().listCouponPromotions({ id: p.id })
        const [couponRow] = await coupons().listCoupons({ id: coupon.id })
        const cart = {
          currency_code: "eur",
          customer_id: "cus_1",
          items: [{ id: "item_1", product_id: "prod_1", quantity: 1, unit_price: 100, subtotal: 100 }],
        }
        const verdict = checkCouponEligibility({
          promotion: promotionRow as any,
          coupon: couponRow as any,
          cart: cart as any,
          now: new Date(),
        })
        expect(verdict).toEqual(expect.objectContaining({ ok: false, reason: "invalid_code" }))
        // The same coupon before archiving would have passed the status check: prove it is the archive that refuses.
        const unarchivedVerdict = checkCouponEligibility({
          promotion: { ...(promotionRow as any), archived_at: null },
          coupon: couponRow as any,
          cart: cart as any,
          now: new Date(),
        })
        expect(unarchivedVerdict).toEqual({ ok: true })

        const copy = (await api.post(`${BASE}/${p.id}/duplicate`, {}, admin)).data.coupon_promotion
        expect(copy).toEqual(
          expect.objectContaining({ custom_id: "SUMMER-copy", archived_at: null, computed_status: "active", codes_total: 0 })
        )
      })
    })

    describe("duplicate", () => {
      it("copies the rules under a new custom ID, without codes or counters, and emits created", async () => {
        const channel = await container.resolve(Modules.SALES_CHANNEL).createSalesChannels({ name: "Shop" })
        const product = await container.resolve(Modules.PRODUCT).createProducts({ title: "Mug" })
        setClock("2030-03-01T00:00:00.000Z")
        const source = await create({
          description: "desc",
          sales_channel_id: channel.id,
          applies_to: "specific",
          target_product_ids: [product.id],
          min_purchase: 20,
          usage_per_customer: "limited",
          usage_per_customer_limit: 4,
          usage_per_code: "first_customers",
          usage_per_code_limit: 50,
          time_span_type: "relative",
          time_span_amount: 10,
          time_span_unit: "days",
          status: "inactive",
          inactive_message: "Soon",
          metadata: { a: 1 },
        })
        await coupons().createCoupons({ code: "SRC-0001", promotion_id: source.id })
        await coupons().updateCouponPromotions({ id: source.id, codes_total: 1, codes_unassigned: 1, customers_used: 1 })
        emitted = []
        setClock("2030-03-05T00:00:00.000Z")
        const copy = (await api.post(`${BASE}/${source.id}/duplicate`, {}, admin)).data.coupon_promotion
        const rules = [
          "description",
          "sales_channel_id",
          "status",
          "inactive_message",
          "coupon_type",
          "discount_type",
          "discount_value",
          "currency_code",
          "applies_to",
          "target_product_ids",
          "min_purchase",
          "usage_per_customer",
          "usage_per_customer_limit",
          "usage_per_code",
          "usage_per_code_limit",
          "time_span_type",
          "time_span_amount",
          "time_span_unit",
          "metadata",
        ]
        for (const field of rules) {
          expect([field, copy[field]]).toEqual([field, source[field]])
        }
        expect(copy).toEqual(
          expect.objectContaining({
            id: expect.not.stringMatching(source.id),
            custom_id: "SUMMER-copy",
            name: "Summer sale (copy)",
            codes_total: 0,
            codes_unassigned: 0,
            customers_used: 0,
            batches: [],
            // "10 days from today" counts from the day of the copy.
            starts_at: "2030-03-05T00:00:00.000Z",
            ends_at: "2030-03-15T00:00:00.000Z",
          })
        )
        expect(await coupons().listCoupons({ promotion_id: copy.id })).toEqual([])
        expect(emitted).toEqual([
          { name: "coupon_promotion.created", data: { id: copy.id, duplicated_from: source.id } },
        ])

        const second = (await api.post(`${BASE}/${source.id}/duplicate`, {}, admin)).data.coupon_promotion
        expect(second.custom_id).toBe("SUMMER-copy-2")
        const named = (
          await api.post(`${BASE}/${source.id}/duplicate`, { custom_id: "AUTUMN", name: "Autumn" }, admin)
        ).data.coupon_promotion
        expect(named).toEqual(expect.objectContaining({ custom_id: "AUTUMN", name: "Autumn" }))
        const taken = await failure(api.post(`${BASE}/${source.id}/duplicate`, { custom_id: "AUTUMN" }, admin))
        expect(taken.status).toBe(400)
        expect(taken.data.message).toBe("Field 'custom_id': a coupon promotion with custom_id 'AUTUMN' already exists")
        const badBody = await failure(api.post(`${BASE}/${source.id}/duplicate`, { discount_value: 5 }, admin))
        expect(badBody.data.message).toBe("Invalid request: Unrecognized fields: 'discount_value'")
        expect(await promotionCount()).toBe(4)
      })
    })

    describe("delete", () => {
      it("deletes an unused promotion with its batches and codes; the codes stay reserved", async () => {
        const p = await create()
        const batch = await coupons().createCouponBatches({ promotion_id: p.id, source: "imported" })
        await coupons().createCoupons([
          { code: "DEL-0001", promotion_id: p.id, batch_id: batch.id },
          { code: "DEL-0002", promotion_id: p.id, batch_id: batch.id },
        ])
        emitted = []
        const res = await api.delete(`${BASE}/${p.id}`, admin)
        expect(res.data).toEqual({ id: p.id, object: "coupon_promotion", deleted: true })
        expect(emitted).toEqual([{ name: "coupon_promotion.deleted", data: { id: p.id } }])
        expect(await coupons().listCoupons({ promotion_id: p.id })).toEqual([])
        expect(await coupons().listCouponBatches({ promotion_id: p.id })).toEqual([])
        expect(await coupons().listCoupons({ promotion_id: p.id }, { withDeleted: true })).toHaveLength(2)
        const other = await create({ custom_id: "OTHER" })
        await expect(coupons().createCoupons({ code: "DEL-0001", promotion_id: other.id })).rejects.toThrow()
      })

      it("refuses to delete a promotion whose codes were used, suggesting archive", async () => {
        const p = await create()
        await coupons().updateCouponPromotions({ id: p.id, codes_total: 1, codes_used_fully: 1 })
        const res = await failure(api.delete(`${BASE}/${p.id}`, admin))
        expect(res.status).toBe(400)
        expect(res.data.message).toBe(
          "Coupon promotion SUMMER cannot be deleted: some of its codes have been used. Archive it instead."
        )
        expect(await promotionCount()).toBe(1)
        expect(emitted).toEqual([expect.objectContaining({ name: "coupon_promotion.created" })])
      })
    })
  },
})
