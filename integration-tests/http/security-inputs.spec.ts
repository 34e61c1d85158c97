import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createAdminHeaders, Headers } from "../helpers/auth"
import { createTestCustomers, seedPromotionWithCodes } from "../helpers/coupons"

jest.setTimeout(300 * 1000)

/*
 * Security issue 21, bounded inputs: numbers and metadata the database or the workflow engine cannot take (finding 5).
 */

const INT4_MAX = 2_147_483_647

/** The smallest valid create body; tests override what they are about. */
const promotionBody = (over: Record<string, unknown> = {}) => ({
  custom_id: "BOUNDS",
  name: "Bounds",
  coupon_type: "promotion_code",
  discount_type: "percentage",
  discount_value: 10,
  ...over,
})

/** `{"a":{"a":…{}…}}`, `depth` objects deep, as JSON text: the client would overflow its own stack stringifying it. */
const nestedJson = (depth: number) => '{"a":'.repeat(depth - 1) + "{}" + "}".repeat(depth - 1)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: Headers

    const sql = async (query: string, bindings: unknown[] = []) =>
      (await getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(query, bindings)).rows
    const count = async (table: string, where = "true", bindings: unknown[] = []) =>
      Number((await sql(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, bindings))[0].n)
    const failure = (p: Promise<any>) =>
      p.then(
        (res) => {
          throw new Error(`expected a failure, got ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`)
        },
        (e) => {
          if (!e.response) {
            throw e
          }
          return e.response
        }
      )
    const invalid = (message: string) => ({ type: "invalid_data", message })
    const postJsonText = (url: string, body: string) =>
      api.post(url, body, { headers: { ...admin.headers, "content-type": "application/json" } })

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    describe("numbers and metadata bounded to what the database and the workflow engine hold (finding 5)", () => {
      const PROMOTIONS = "/admin/coupon-promotions"
      const tooBig = (field: string, max: number | string) =>
        invalid(`Invalid request: Value for field '${field}' too big, expected at most: '${max}'`)
      const createPromotion = async (over: Record<string, unknown> = {}) =>
        (await api.post(PROMOTIONS, promotionBody(over), admin)).data.coupon_promotion

      const INT_FIELDS: [string, Record<string, unknown>][] = [
        ["usage_per_code_limit", { usage_per_code: "first_customers" }],
        ["usage_per_customer_limit", { usage_per_customer: "limited" }],
        ["low_stock_threshold", {}],
      ]

      it.each(INT_FIELDS)("refuses %s above the integer column's 2,147,483,647, writing nothing", async (field, context) => {
        const res = await failure(api.post(PROMOTIONS, promotionBody({ ...context, [field]: 2 ** 31 }), admin))
        expect(res.status).toBe(400)
        expect(res.data).toEqual(tooBig(field, INT4_MAX))
        expect(await count("coupon_promotion")).toBe(0)
      })

      it.each(INT_FIELDS)("stores the column's largest value, 2,147,483,647, in %s", async (field, context) => {
        expect((await createPromotion({ ...context, [field]: INT4_MAX }))[field]).toBe(INT4_MAX)
        expect((await sql(`SELECT ${field} AS value FROM coupon_promotion`))[0].value).toBe(INT4_MAX)
      })

      it("refuses the same numbers on update and leaves the promotion as it was", async () => {
        const { id } = await createPromotion({ low_stock_threshold: 5 })
        for (const [field] of INT_FIELDS) {
          const res = await failure(api.post(`${PROMOTIONS}/${id}`, { [field]: 2 ** 31 }, admin))
          expect(res.status).toBe(400)
          expect(res.data).toEqual(tooBig(field, INT4_MAX))
        }
        const [row] = await sql(
          "SELECT low_stock_threshold, usage_per_code_limit, usage_per_customer_limit FROM coupon_promotion"
        )
        expect(row).toEqual({ low_stock_threshold: 5, usage_per_code_limit: null, usage_per_customer_limit: null })
      })

      it("refuses periods past 36,500 (days or months beyond what a date can hold), accepting 36,500", async () => {
        const relative = { time_span_type: "relative", time_span_unit: "months" }
        for (const amount of [2 ** 31, INT4_MAX, 36_501]) {
          const span = await failure(api.post(PROMOTIONS, promotionBody({ ...relative, time_span_amount: amount }), admin))
          expect(span.status).toBe(400)
          expect(span.data).toEqual(tooBig("time_span_amount", 36500))
          const days = await failure(api.post(PROMOTIONS, promotionBody({ valid_days_after_assignment: amount }), admin))
          expect(days.status).toBe(400)
          expect(days.data).toEqual(tooBig("valid_days_after_assignment", 36500))
        }
        expect(await count("coupon_promotion")).toBe(0)

        const now = new Date()
        const inMonths = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 36_500, 1))
        const spanning = await createPromotion({ ...relative, time_span_amount: 36_500 })
        expect(spanning.ends_at.slice(0, 7)).toBe(inMonths.toISOString().slice(0, 7))
        const { promotion } = await seedPromotionWithCodes(getContainer(), 1, { custom_id: "GIFT", coupon_type: "personal" })
        const update = await api.post(`${PROMOTIONS}/${promotion.id}`, { valid_days_after_assignment: 36_500 }, admin)
        expect(update.status).toBe(200)
        const [customer] = await createTestCustomers(getContainer(), 1)
        const given = await api.post(`${PROMOTIONS}/${promotion.id}/assign`, { customer_id: customer.id }, admin)
        expect(given.status).toBe(200)
        const [row] = await sql("SELECT expires_at - assigned_at AS span FROM coupon WHERE customer_id = ?", [customer.id])
        expect(row.span).toEqual(expect.objectContaining({ days: 36_500 }))
      })

      it("refuses a generated batch of more codes than its integer column counts, writing no batch", async () => {
        const { id } = await createPromotion()
        const generate = (body: Record<string, unknown>) =>
          failure(api.post(`${PROMOTIONS}/${id}/batches`, { generate: body }, admin))
        const tooMany = await generate({ count: 2 ** 31, length: 40 })
        expect(tooMany.status).toBe(400)
        expect(tooMany.data).toEqual(tooBig("generate, count", INT4_MAX))
        const tooLong = await generate({ count: 1, length: 2 ** 31 })
        expect(tooLong.status).toBe(400)
        expect(tooLong.data).toEqual(tooBig("generate, length", INT4_MAX))
        expect(await count("coupon_batch")).toBe(0)
        expect(await count("coupon")).toBe(0)
      })

      it("refuses metadata nested 10,000 deep on every route that takes metadata, writing nothing", async () => {
        const deep = nestedJson(10_000)
        const message = invalid("Invalid request: Field 'metadata' is nested more than 5 levels deep")
        const withDeep = JSON.stringify(promotionBody()).replace(/}$/, `,"metadata":${deep}}`)
        const create = await failure(postJsonText(PROMOTIONS, withDeep))
        expect(create.status).toBe(400)
        expect(create.data).toEqual(message)
        expect(await count("coupon_promotion")).toBe(0)

        const { id } = await createPromotion({ metadata: { kept: true } })
        const update = await failure(postJsonText(`${PROMOTIONS}/${id}`, `{"metadata":${deep}}`))
        expect(update.status).toBe(400)
        expect(update.data).toEqual(message)
        expect((await sql("SELECT metadata FROM coupon_promotion"))[0].metadata).toEqual({ kept: true })

        const RULES = "/admin/coupon-assignment-rules"
        const rule = await failure(
          postJsonText(RULES, `{"event_name":"customer.created","promotion":"${id}","metadata":${deep}}`)
        )
        expect(rule.status).toBe(400)
        expect(rule.data).toEqual(message)
        expect(await count("coupon_assignment_rule")).toBe(0)
        const created = (await api.post(RULES, { event_name: "customer.created", promotion: id }, admin)).data
        const ruleUpdate = await failure(
          postJsonText(`${RULES}/${created.coupon_assignment_rule.id}`, `{"metadata":${deep}}`)
        )
        expect(ruleUpdate.status).toBe(400)
        expect(ruleUpdate.data).toEqual(message)
        expect((await sql("SELECT metadata FROM coupon_assignment_rule"))[0].metadata).toBeNull()
      })

      it("takes metadata 5 levels deep, and refuses more keys or bytes than the bounds, naming the field", async () => {
        const five = { a: { b: { c: { d: { e: "deepest" } } } } }
        const { id, metadata } = await createPromotion({ metadata: five })
        expect(metadata).toEqual(five)
        const update = (value: unknown) => failure(api.post(`${PROMOTIONS}/${id}`, { metadata: value }, admin))

        const six = await update({ six: five })
        expect(six.status).toBe(400)
        expect(six.data).toEqual(invalid("Invalid request: Field 'metadata' is nested more than 5 levels deep"))
        const manyKeys = await update(Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, i])))
        expect(manyKeys.data).toEqual(invalid("Invalid request: Field 'metadata' has more than 256 keys"))
        const large = await update({ text: "x".repeat(16 * 1024) })
        expect(large.data).toEqual(invalid("Invalid request: Field 'metadata' is larger than 16 KB as JSON"))
        expect((await sql("SELECT metadata FROM coupon_promotion"))[0].metadata).toEqual(five)
      })

      it("refuses negative and out-of-range list pages on every admin list instead of passing them to Postgres", async () => {
        const { id } = await createPromotion()
        const lists = [
          PROMOTIONS,
          `${PROMOTIONS}/${id}/batches`,
          "/admin/coupon-assignment-rules",
          "/admin/customers/cus_none/coupons",
        ]
        for (const list of lists) {
          for (const field of ["offset", "limit"]) {
            const negative = await failure(api.get(`${list}?${field}=-5`, admin))
            expect(negative.status).toBe(400)
            expect(negative.data).toEqual(
              invalid(`Invalid request: Value for field '${field}' too small, expected at least: '0'`)
            )
            const huge = await failure(api.get(`${list}?${field}=100000000000000000000`, admin))
            expect(huge.status).toBe(400)
            expect(huge.data).toEqual(tooBig(field, INT4_MAX))
          }
          expect((await api.get(`${list}?offset=0&limit=5`, admin)).status).toBe(200)
        }
        const codes = await failure(api.get(`${PROMOTIONS}/${id}/coupons?offset=100000000000000000000`, admin))
        expect(codes.data).toEqual(tooBig("offset", INT4_MAX))
      })
    })
  },
})
