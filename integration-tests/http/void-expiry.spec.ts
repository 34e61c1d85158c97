import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import ExcelJS from "exceljs"
import { COUPON_MESSAGES } from "../../src/engine/eligibility"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { createAdminHeaders } from "../helpers/auth"
import { createCheckoutCart, seedDemoStoreBeforeEach } from "../helpers/checkout"
import { prepareCheckoutCart } from "../helpers/redemption"

jest.setTimeout(240 * 1000)

const SWEATER = 0 // 80.00 net in the demo store
const INVALID = { type: "not_allowed", code: "coupon_invalid", message: COUPON_MESSAGES.invalid_code }

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    let admin: { headers: Record<string, string> }
    let promotionId: string

    const service = () => getContainer().resolve(COUPON_MODULE)
    const base = (id = promotionId) => `/admin/coupon-promotions/${id}`
    const post = (url: string, body: unknown = {}, headers = admin.headers) =>
      api.post(url, body, { headers }).catch((e: any) => e.response)
    const answer = (res: any) => ({ status: res.status, data: res.data })
    const invalid = (message: string) => ({ status: 400, data: { type: "invalid_data", message } })
    const notAllowed = (message: string) => ({ status: 400, data: { type: "not_allowed", message } })
    const notFound = (message: string) => ({ status: 404, data: { type: "not_found", message } })

    const upload = (name: string, content: string | Buffer, id = promotionId) => {
      const form = new FormData()
      form.append("file", new Blob([content]), name)
      return api.post(`${base(id)}/batches/import`, form, admin).catch((e: any) => e.response)
    }
    const sql = async (text: string, bindings: unknown[] = []) => {
      const knex = getContainer().resolve("__pg_connection__") as any
      return (await knex.raw(text, bindings)).rows as any[]
    }
    /** The codes of a promotion as stored: state and expiry (UTC ISO text), by code. */
    const stored = async (id = promotionId) =>
      Object.fromEntries(
        (
          await sql(
            `SELECT code, state, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at
               FROM coupon WHERE promotion_id = ? ORDER BY code`,
            [id]
          )
        ).map((row) => [row.code, { state: row.state, expires_at: row.expires_at }])
      )
    const COUNTER_COLUMNS = "codes_total, codes_unassigned, codes_assigned, codes_used_partially, codes_used_fully"
    const counters = async (table: "coupon_promotion" | "coupon_batch", id: string) =>
      (await sql(`SELECT ${COUNTER_COLUMNS} FROM ${table} WHERE id = ?`, [id]))[0]
    const counts = (total: number, unassigned: number, assigned: number, partially = 0, fully = 0) => ({
      codes_total: total,
      codes_unassigned: unassigned,
      codes_assigned: assigned,
      codes_used_partially: partially,
      codes_used_fully: fully,
    })
    const couponId = async (code: string) => (await service().listCoupons({ code }))[0].id as string
    const importCodes = async (csv: string, id = promotionId) => {
      const res = await upload("codes.csv", csv, id)
      expect(res.status).toBe(200)
      return res.data.batch.id as string
    }
    const applyToNewCart = async (code: string) => {
      const cart = await createCheckoutCart(api, demo.store, demo.headers, [{ product: SWEATER, quantity: 1 }])
      const res = await api
        .post(`/store/carts/${cart.id}/coupons`, { code }, { headers: demo.headers })
        .catch((e: any) => e.response)
      return { cart, res }
    }
    const problems = async () => (await service().checkCouponInvariants()).problems
    /** Events of this test's promotion, as subscribers get them (the local event bus delivers after the request). */
    const recordEvents = (names: string[], tag: string) => {
      const seen: { name: string; data: any }[] = []
      const eventBus = getContainer().resolve(Modules.EVENT_BUS)
      for (const name of names) {
        eventBus.subscribe(
          name,
          async (event: any) => {
            if (event.data?.promotion_id === promotionId) {
              seen.push({ name: event.name, data: event.data })
            }
          },
          { subscriberId: `test-${tag}-${name}` }
        )
      }
      return async (count: number) => {
        for (let i = 0; i < 100 && seen.length < count; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
        return seen
      }
    }

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
      const promotion = await service().createCouponPromotions({
        custom_id: "VOIDS",
        name: "Voids",
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 10,
      })
      promotionId = promotion.id
    })

    describe("voiding a code", () => {
      it("voids an unused code with exact counters; checkout refuses it like an unknown code; a re-import naming it is refused", async () => {
        const events = recordEvents(["coupon.voided", "coupon_batch.voided"], "one")
        const batchId = await importCodes("code\nVOIDME01\nKEEPME01\nKEEPME02\n")
        const id = await couponId("VOIDME01")
        const res = await post(`${base()}/coupons/${id}/void`)
        expect(res.status).toBe(200)
        expect(await events(1)).toEqual([
          {
            name: "coupon.voided",
            data: { id, promotion_id: promotionId, batch_id: batchId, customer_id: null, previous_state: "unassigned" },
          },
        ])
        expect(res.data.coupon).toEqual(
          expect.objectContaining({ code: "VOIDME01", state: "void", promotion_id: promotionId, batch_id: batchId })
        )
        expect(res.data.promotion).toEqual({ id: promotionId, ...counts(3, 2, 0) })
        expect(res.data.batch).toEqual({ id: batchId, ...counts(3, 2, 0) })
        expect(await counters("coupon_promotion", promotionId)).toEqual(counts(3, 2, 0))
        expect(await counters("coupon_batch", batchId)).toEqual(counts(3, 2, 0))

        // Checkout: the same answer as a code that never existed, on the coupon route and Medusa's promo_codes path.
        const { cart, res: voided } = await applyToNewCart("VOIDME01")
        const unknown = await api
          .post(`/store/carts/${cart.id}/coupons`, { code: "NEVERWAS1" }, { headers: demo.headers })
          .catch((e: any) => e.response)
        expect(answer(voided)).toEqual({ status: 400, data: INVALID })
        expect(answer(unknown)).toEqual(answer(voided))
        const promoPath = await api
          .post(`/store/carts/${cart.id}`, { promo_codes: ["VOIDME01"] }, { headers: demo.headers })
          .catch((e: any) => e.response)
        expect(answer(promoPath)).toEqual(invalid("The promotion code VOIDME01 is invalid"))
        expect((await api.post(`/store/carts/${cart.id}/coupons`, { code: "KEEPME01" }, { headers: demo.headers })).status).toBe(200)

        // The void code keeps its row, so its value stays taken: a new import naming it is refused whole.
        const again = await upload("again.csv", "code\nFRESH001\nVOIDME01\n")
        expect(answer(again)).toEqual(invalid('The file has 1 problem: row 3: "VOIDME01" already exists in the system'))
        expect(await sql(`SELECT count(*)::int AS n FROM coupon_batch WHERE promotion_id = ?`, [promotionId])).toEqual([{ n: 1 }])
        expect(await sql(`SELECT count(*)::int AS n FROM coupon WHERE code = 'FRESH001'`)).toEqual([{ n: 0 }])
        expect(await problems()).toEqual([])
      })

      it("refuses a void code, a used code, a body, an archived promotion; 404 for another promotion's code; nothing changes", async () => {
        const batchId = await importCodes("code\nTWICE001\nUSED0001\nOTHER001\n")
        expect((await post(`${base()}/coupons/${await couponId("TWICE001")}/void`)).status).toBe(200)
        // A completed order makes USED0001 used.
        const cartId = await prepareCheckoutCart(getContainer(), demo.store, {
          email: "buyer@coupons.test",
          lines: [{ product: SWEATER, quantity: 1 }],
          codes: ["USED0001"],
        })
        const order = await api.post(`/store/carts/${cartId}/complete`, {}, { headers: demo.headers })
        expect(order.data.type).toBe("order")
        const before = { codes: await stored(), counters: await counters("coupon_promotion", promotionId) }
        expect(before.codes).toEqual({
          OTHER001: { state: "unassigned", expires_at: null },
          TWICE001: { state: "void", expires_at: null },
          USED0001: { state: "used_partially", expires_at: null },
        })

        expect(answer(await post(`${base()}/coupons/${await couponId("TWICE001")}/void`))).toEqual(
          notAllowed("Coupon TWICE001 is already void")
        )
        expect(answer(await post(`${base()}/coupons/${await couponId("USED0001")}/void`))).toEqual(
          notAllowed("Coupon USED0001 has been used and cannot be voided")
        )
        expect(answer(await post(`${base()}/coupons/${await couponId("OTHER001")}/void`, { reason: "typo" }))).toEqual(
          invalid("Invalid request: Unrecognized fields: 'reason'")
        )
        const other = await service().createCouponPromotions({
          custom_id: "ELSEWHERE",
          name: "Elsewhere",
          coupon_type: "promotion_code",
          discount_type: "percentage",
          discount_value: 5,
        })
        const otherBatch = await importCodes("code\nELSE0001\n", other.id)
        const elseId = await couponId("ELSE0001")
        expect(answer(await post(`${base()}/coupons/${elseId}/void`))).toEqual(
          notFound(`Coupon with id: ${elseId} was not found in coupon promotion ${promotionId}`)
        )
        expect(answer(await post(`${base()}/batches/${otherBatch}/void`))).toEqual(
          notFound(`Coupon batch with id: ${otherBatch} was not found`)
        )
        expect(answer(await post(`${base("cpromo_missing")}/coupons/${elseId}/void`))).toEqual(
          notFound("Coupon promotion with id: cpromo_missing was not found")
        )
        expect((await post(`${base()}/archive`)).status).toBe(200)
        expect(answer(await post(`${base()}/coupons/${await couponId("OTHER001")}/void`))).toEqual(
          notAllowed("Archived coupon promotions are read-only")
        )
        expect(answer(await post(`${base()}/batches/${batchId}/void`))).toEqual(
          notAllowed("Archived coupon promotions are read-only")
        )
        expect(await stored()).toEqual(before.codes)
        expect(await counters("coupon_promotion", promotionId)).toEqual(before.counters)
        expect(await stored(other.id)).toEqual({ ELSE0001: { state: "unassigned", expires_at: null } })
        expect(await counters("coupon_promotion", other.id)).toEqual(counts(1, 1, 0))
      })

      it("a code voided while it sits on a cart stops the completion with the unknown-code refusal; nothing is reserved", async () => {
        await importCodes("code\nONCART01\n")
        const cartId = await prepareCheckoutCart(getContainer(), demo.store, {
          email: "late@coupons.test",
          lines: [{ product: SWEATER, quantity: 1 }],
          codes: ["ONCART01"],
        })
        expect((await post(`${base()}/coupons/${await couponId("ONCART01")}/void`)).status).toBe(200)
        const completed = await api
          .post(`/store/carts/${cartId}/complete`, {}, { headers: demo.headers })
          .catch((e: any) => e.response)
        expect(answer(completed)).toEqual({ status: 400, data: INVALID })
        expect(await sql(`SELECT count(*)::int AS n FROM coupon_redemption`)).toEqual([{ n: 0 }])
        expect(await stored()).toEqual({ ONCART01: { state: "void", expires_at: null } })
        expect(await counters("coupon_promotion", promotionId)).toEqual(counts(1, 0, 0))
        expect(await problems()).toEqual([])
      })
    })

    describe("voiding a batch", () => {
      it("voids exactly the unused codes; used and reserved codes stay, the reserved checkout still completes; invariants clean", async () => {
        const container = getContainer()
        const batchId = await importCodes("code\nBATCHV01\nBATCHV02\nBATCHV03\nBATCHV04\nBATCHV05\n")
        const [customer] = await container
          .resolve(Modules.CUSTOMER)
          .createCustomers([{ email: "holder@coupons.test", first_name: "Holder" }])
        const given = await post(`${base()}/assign`, { customer_id: customer.id })
        const assigned = given.data.coupon.code as string
        const [used, reserved] = ["BATCHV01", "BATCHV02", "BATCHV03"].filter((code) => code !== assigned)
        // One code used by a placed order, one held by a checkout that has reserved it but not finished.
        const usedCart = await prepareCheckoutCart(container, demo.store, {
          email: "buyer@coupons.test",
          lines: [{ product: SWEATER, quantity: 1 }],
          codes: [used],
        })
        expect((await api.post(`/store/carts/${usedCart}/complete`, {}, { headers: demo.headers })).data.type).toBe("order")
        const pendingCart = await prepareCheckoutCart(container, demo.store, {
          email: "pending@coupons.test",
          lines: [{ product: SWEATER, quantity: 1 }],
          codes: [reserved],
        })
        await service().reserveCouponRedemptions({
          cart_id: pendingCart,
          customer_id: null,
          currency_code: "eur",
          cart: { currency_code: "eur", customer_id: null, items: [{ id: "item", subtotal: 80 }] },
          coupons: [{ coupon_id: await couponId(reserved), amount: "8", authenticated_customer_id: null }],
          now: new Date(),
        })
        expect(await counters("coupon_batch", batchId)).toEqual(counts(5, 2, 1, 2))

        const events = recordEvents(["coupon.voided", "coupon_batch.voided"], "batch")
        const res = await post(`${base()}/batches/${batchId}/void`)
        expect(await events(1)).toEqual([
          { name: "coupon_batch.voided", data: { id: batchId, promotion_id: promotionId, voided: 3 } },
        ])
        expect(answer(res)).toEqual({
          status: 200,
          data: {
            voided: 3,
            promotion: { id: promotionId, ...counts(5, 0, 0, 2) },
            batch: { id: batchId, ...counts(5, 0, 0, 2) },
          },
        })
        const states = Object.fromEntries(Object.entries(await stored()).map(([code, row]: any) => [code, row.state]))
        expect(states).toEqual({
          BATCHV01: "void",
          BATCHV02: "void",
          BATCHV03: "void",
          BATCHV04: "void",
          BATCHV05: "void",
          [used]: "used_partially",
          [reserved]: "used_partially",
        })
        expect(await counters("coupon_promotion", promotionId)).toEqual(counts(5, 0, 0, 2))
        expect(await counters("coupon_batch", batchId)).toEqual(counts(5, 0, 0, 2))
        // The checkout that held its code finishes with it.
        const completed = await api.post(`/store/carts/${pendingCart}/complete`, {}, { headers: demo.headers })
        expect(completed.data.type).toBe("order")
        expect(await problems()).toEqual([])
        // Again: nothing left to void.
        expect((await post(`${base()}/batches/${batchId}/void`)).data.voided).toBe(0)
        expect(await counters("coupon_batch", batchId)).toEqual(counts(5, 0, 0, 2))
      })
    })

    describe("imports with expires_at", () => {
      it("stores each code's expiry (a date is the end of that day, UTC); checkout refuses an expired code", async () => {
        await importCodes(
          "code,expires_at\nPAST0001,2020-01-31\nLATER001,2031-06-30T18:00:00+02:00\nNOEXP001,\nDAYEND01,2031-06-30\n"
        )
        expect(await stored()).toEqual({
          DAYEND01: { state: "unassigned", expires_at: "2031-06-30T23:59:59.999Z" },
          LATER001: { state: "unassigned", expires_at: "2031-06-30T16:00:00.000Z" },
          NOEXP001: { state: "unassigned", expires_at: null },
          PAST0001: { state: "unassigned", expires_at: "2020-01-31T23:59:59.999Z" },
        })
        const list = await api.get(`${base()}/coupons?q=PAST`, admin)
        expect(list.data.coupons[0].expires_at).toBe("2020-01-31T23:59:59.999Z")

        const { res: expired } = await applyToNewCart("PAST0001")
        expect(answer(expired)).toEqual({
          status: 400,
          data: {
            type: "not_allowed",
            code: "coupon_expired",
            message: "This coupon has expired",
            details: { cause: "coupon_expires_at", expired_at: "2020-01-31T23:59:59.999Z" },
          },
        })
        expect((await applyToNewCart("LATER001")).res.status).toBe(200)

        // An .xlsx import: an Excel date cell is its day, like a typed date.
        const book = new ExcelJS.Workbook()
        const sheet = book.addWorksheet("Codes")
        sheet.addRow(["code", "expires_at"])
        sheet.addRow(["XLSX0001", new Date(Date.UTC(2032, 0, 15))])
        sheet.addRow(["XLSX0002", "2032-01-15T08:30:00Z"])
        const xlsx = await upload("codes.xlsx", Buffer.from(await book.xlsx.writeBuffer()))
        expect(xlsx.status).toBe(200)
        const rows = await stored()
        expect([rows.XLSX0001.expires_at, rows.XLSX0002.expires_at]).toEqual([
          "2032-01-15T23:59:59.999Z",
          "2032-01-15T08:30:00.000Z",
        ])
      })

      it("refuses a file with a bad date whole, naming the row, and writes nothing", async () => {
        const nothing = async () => ({
          coupons: (await sql(`SELECT count(*)::int AS n FROM coupon`))[0].n,
          batches: (await sql(`SELECT count(*)::int AS n FROM coupon_batch`))[0].n,
          counters: await counters("coupon_promotion", promotionId),
        })
        const before = await nothing()
        expect(before).toEqual({ coupons: 0, batches: 0, counters: counts(0, 0, 0) })
        expect(answer(await upload("codes.csv", "code,expires_at\nGOOD0001,2031-06-30\nBAD00001,31/12/2031\n"))).toEqual(
          invalid(
            'The file has 1 problem: row 3: "31/12/2031" is not an expires_at date: use ISO 8601, e.g. 2025-12-31 ' +
              "(the end of that day, UTC) or 2025-12-31T18:00:00Z"
          )
        )
        expect(answer(await upload("codes.csv", "code,expires_at\nGOOD0001,2031-02-29\nGOOD0002,2031-06-30T10:00\n"))).toEqual(
          invalid(
            'The file has 2 problems: row 2: "2031-02-29" is not an expires_at date: there is no such day; ' +
              'row 3: "2031-06-30T10:00" is not an expires_at date: a date-time needs a time zone, e.g. ' +
              "2025-12-31T18:00:00Z or 2025-12-31T18:00:00+02:00"
          )
        )
        expect(answer(await upload("codes.csv", "code,expires_at,Expires_At\nGOOD0001,2031-06-30,\n"))).toEqual(
          invalid('The file has more than one "expires_at" column')
        )
        const book = new ExcelJS.Workbook()
        const sheet = book.addWorksheet("Codes")
        sheet.addRow(["code", "expires_at"])
        sheet.addRow(["GOOD0001", new Date(Date.UTC(2031, 5, 30, 18, 30))])
        expect(answer(await upload("codes.xlsx", Buffer.from(await book.xlsx.writeBuffer())))).toEqual(
          invalid(
            'The file has 1 problem: row 2: "2031-06-30 18:30:00" is not an expires_at date: Excel dates with a time ' +
              "carry no time zone; type the date-time as text, e.g. 2025-12-31T18:00:00Z"
          )
        )
        expect(await nothing()).toEqual(before)
      })
    })

    describe("extending expiry", () => {
      it("sets a batch's codes' expiry (void ones aside), so expired codes work again at checkout", async () => {
        const batchId = await importCodes("code,expires_at\nEXTEND01,2020-01-31\nEXTEND02,2020-01-31\nEXTEND03,\n")
        expect((await post(`${base()}/coupons/${await couponId("EXTEND03")}/void`)).status).toBe(200)
        expect((await applyToNewCart("EXTEND01")).res.data.code).toBe("coupon_expired")

        const res = await post(`${base()}/batches/${batchId}/extend-expiry`, { expires_at: "2031-12-31" })
        expect(res.status).toBe(200)
        expect(res.data).toEqual({
          updated: 2,
          expires_at: "2031-12-31T23:59:59.999Z",
          batch: expect.objectContaining({ id: batchId, ...counts(3, 2, 0) }),
        })
        expect(await stored()).toEqual({
          EXTEND01: { state: "unassigned", expires_at: "2031-12-31T23:59:59.999Z" },
          EXTEND02: { state: "unassigned", expires_at: "2031-12-31T23:59:59.999Z" },
          EXTEND03: { state: "void", expires_at: null },
        })
        expect((await applyToNewCart("EXTEND01")).res.status).toBe(200)
        expect(await problems()).toEqual([])
      })

      it("refuses bad dates, past dates, other promotions' batches and archived promotions, changing nothing", async () => {
        const batchId = await importCodes("code,expires_at\nKEEP0001,2030-01-31\n")
        const other = await service().createCouponPromotions({
          custom_id: "ELSEWHERE",
          name: "Elsewhere",
          coupon_type: "promotion_code",
          discount_type: "percentage",
          discount_value: 5,
        })
        const otherBatch = await importCodes("code\nELSE0001\n", other.id)
        const url = `${base()}/batches/${batchId}/extend-expiry`
        const cases: [unknown, unknown][] = [
          [{}, invalid("Invalid request: Field 'expires_at' is required")],
          [{ expires_at: 20311231 }, invalid("Invalid request: Expected type: 'string' for field 'expires_at', got: '20311231'")],
          [
            { expires_at: "31.12.2031" },
            invalid(
              "Invalid request: Field 'expires_at' is not a date: use ISO 8601, e.g. 2025-12-31 (the end of that day, UTC) or 2025-12-31T18:00:00Z"
            ),
          ],
          [{ expires_at: "2031-04-31" }, invalid("Invalid request: Field 'expires_at' is not a date: there is no such day")],
          [
            { expires_at: "2031-12-31T10:00:00" },
            invalid(
              "Invalid request: Field 'expires_at' is not a date: a date-time needs a time zone, e.g. 2025-12-31T18:00:00Z or 2025-12-31T18:00:00+02:00"
            ),
          ],
          [{ expires_at: "2031-12-31", extra: 1 }, invalid("Invalid request: Unrecognized fields: 'extra'")],
          [{ expires_at: "2021-12-31" }, invalid("Field 'expires_at' must be in the future")],
        ]
        for (const [body, expected] of cases) {
          expect(answer(await post(url, body))).toEqual(expected)
        }
        expect(answer(await post(`${base()}/batches/${otherBatch}/extend-expiry`, { expires_at: "2031-12-31" }))).toEqual(
          notFound(`Coupon batch with id: ${otherBatch} was not found`)
        )
        expect((await post(`${base()}/archive`)).status).toBe(200)
        expect(answer(await post(url, { expires_at: "2031-12-31" }))).toEqual(
          notAllowed("Archived coupon promotions are read-only")
        )
        expect(await stored()).toEqual({ KEEP0001: { state: "unassigned", expires_at: "2030-01-31T23:59:59.999Z" } })
        expect(await stored(other.id)).toEqual({ ELSE0001: { state: "unassigned", expires_at: null } })
      })

      it("moves a promotion's end through its time span; refuses past dates, unlimited spans and archived promotions", async () => {
        const soon = new Date(Date.now() + 24 * 3600 * 1000)
        const start = new Date(Date.now() - 24 * 3600 * 1000)
        const ranged = await service().createCouponPromotions({
          custom_id: "RANGED",
          name: "Ranged",
          coupon_type: "promotion_code",
          discount_type: "percentage",
          discount_value: 10,
          time_span_type: "range",
          starts_at: start,
          ends_at: soon,
        })
        const res = await post(`${base(ranged.id)}/extend-expiry`, { expires_at: "2031-12-31T18:00:00Z" })
        expect(res.status).toBe(200)
        expect(res.data.coupon_promotion).toEqual(
          expect.objectContaining({
            id: ranged.id,
            time_span_type: "range",
            starts_at: start.toISOString(),
            ends_at: "2031-12-31T18:00:00.000Z",
            computed_status: "active",
          })
        )
        const relative = await service().createCouponPromotions({
          custom_id: "RELATIVE",
          name: "Relative",
          coupon_type: "promotion_code",
          discount_type: "percentage",
          discount_value: 10,
          time_span_type: "relative",
          time_span_amount: 1,
          time_span_unit: "days",
          starts_at: start,
          ends_at: soon,
        })
        const relativeRes = await post(`${base(relative.id)}/extend-expiry`, { expires_at: "2031-12-31" })
        expect(relativeRes.data.coupon_promotion).toEqual(
          expect.objectContaining({
            time_span_type: "range",
            time_span_amount: null,
            time_span_unit: null,
            starts_at: start.toISOString(),
            ends_at: "2031-12-31T23:59:59.999Z",
          })
        )

        const endOf = async (id: string) =>
          (await sql(`SELECT time_span_type, ends_at FROM coupon_promotion WHERE id = ?`, [id]))[0]
        const rangedBefore = await endOf(ranged.id)
        expect(answer(await post(`${base(ranged.id)}/extend-expiry`, { expires_at: "2020-01-01" }))).toEqual(
          invalid("Field 'expires_at' must be in the future")
        )
        expect(answer(await post(`${base(ranged.id)}/extend-expiry`, { expires_at: "soon" }))).toEqual(
          invalid(
            "Invalid request: Field 'expires_at' is not a date: use ISO 8601, e.g. 2025-12-31 (the end of that day, UTC) or 2025-12-31T18:00:00Z"
          )
        )
        expect(await endOf(ranged.id)).toEqual(rangedBefore)
        // The promotion made in beforeEach has an unlimited time span: no end to extend.
        expect(answer(await post(`${base()}/extend-expiry`, { expires_at: "2031-12-31" }))).toEqual(
          notAllowed("Coupon promotion VOIDS has no end date (its time span is unlimited): there is nothing to extend")
        )
        expect(await endOf(promotionId)).toEqual({ time_span_type: "unlimited", ends_at: null })
        expect((await post(`${base(ranged.id)}/archive`)).status).toBe(200)
        expect(answer(await post(`${base(ranged.id)}/extend-expiry`, { expires_at: "2032-12-31" }))).toEqual(
          notAllowed("Archived coupon promotions are read-only")
        )
        expect(await endOf(ranged.id)).toEqual(rangedBefore)
        expect(answer(await post(`${base("cpromo_missing")}/extend-expiry`, { expires_at: "2032-12-31" }))).toEqual(
          notFound("Coupon promotion with id cpromo_missing was not found")
        )
      })
    })
  },
})
