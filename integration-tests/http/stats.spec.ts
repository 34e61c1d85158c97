import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { createAdminHeaders, createCustomerHeaders } from "../helpers/auth"
import { createCheckoutCart, createCouponPromotion, seedDemoStoreBeforeEach } from "../helpers/checkout"
import { eventually, payForCart } from "../helpers/redemption"

jest.setTimeout(240 * 1000)

// Demo store products (dev/demo-store.ts), EUR: sweater 80.00, T-shirt 15.00; the promotion gives 10 %.
const SWEATER = 0
const TSHIRT = 3
// Spreadsheets run a cell starting with "=" as a formula. Medusa's store routes refuse such an address (zod e-mail),
// but a cart's e-mail can be written by other means (admin tools, imports, the cart module): the export must not run it.
const FORMULA_EMAIL = "=hyperlink(\"http://evil.test\";\"x\")@evil.test"

const UTC_TODAY = () => new Date().toISOString().slice(0, 10)
const daysBefore = (day: string, n: number) => new Date(Date.parse(day) - n * 86400000).toISOString().slice(0, 10)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    const get = (url: string, headers: Record<string, string>) =>
      api.get(url, { headers }).catch((e: any) => e.response)
    const sql = async (query: string, bindings: unknown[] = []) =>
      (await getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(query, bindings)).rows

    /** A real storefront order: cart through the store routes, code applied, paid, completed; waits for the confirm. */
    const order = async (headers: Record<string, string>, code: string, lines: { product: number; quantity: number }[],
      options: { email?: string; setEmail?: string } = {}) => {
      const container = getContainer()
      const cart = await createCheckoutCart(api, demo.store, headers, lines, { email: options.email })
      const applied = await api.post(`/store/carts/${cart.id}/coupons`, { code }, { headers })
      expect(applied.status).toBe(200)
      if (options.setEmail) {
        await container.resolve(Modules.CART).updateCarts(cart.id, { email: options.setEmail })
      }
      await payForCart(container, cart.id)
      const done = await api.post(`/store/carts/${cart.id}/complete`, {}, { headers })
      expect([done.status, done.data.type]).toEqual([200, "order"])
      const orderId = done.data.order.id
      await eventually(async () => (await sql(`SELECT 1 FROM coupon_redemption WHERE order_id = ? AND state = 'confirmed'`, [orderId])).length === 1)
      return orderId as string
    }

    /** The stats computed straight from the ledger with plain SQL (no index tricks, no grouping sets). */
    const ledgerStats = async (promotionId: string, from: string, to: string) => {
      const start = `${from}T00:00:00Z`
      const end = new Date(Date.parse(to) + 86400000).toISOString()
      const uses = `FROM coupon_redemption WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'confirmed'
                    AND confirmed_at >= ? AND confirmed_at < ?`
      const args = [promotionId, start, end]
      const [totals] = await sql(
        `SELECT count(*)::int AS orders, count(DISTINCT coalesce(customer_id, 'email:' || email))::int AS customers ${uses}`,
        args
      )
      const discount = await sql(`SELECT currency_code, sum(amount)::text AS amount ${uses} GROUP BY 1 ORDER BY 1`, args)
      const perDay = await sql(
        `SELECT to_char(confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, currency_code, count(*)::int AS orders,
                sum(amount)::text AS amount ${uses} GROUP BY 1, 2`,
        args
      )
      const by_day = [] as { day: string; orders: number; discount: { currency_code: string; amount: string }[] }[]
      for (let day = from; day <= to; day = daysBefore(day, -1)) {
        const rows = perDay.filter((r: any) => r.day === day)
        by_day.push({
          day,
          orders: rows.reduce((n: number, r: any) => n + r.orders, 0),
          discount: discount.map((d: any) => ({
            currency_code: d.currency_code,
            amount: rows.find((r: any) => r.currency_code === d.currency_code)?.amount ?? "0",
          })),
        })
      }
      const top = await sql(
        `SELECT r.coupon_id, c.code, count(*)::int AS orders
           FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
          WHERE r.promotion_id = ? AND r.deleted_at IS NULL AND r.state = 'confirmed'
            AND r.confirmed_at >= ? AND r.confirmed_at < ?
          GROUP BY 1, 2 ORDER BY orders DESC, r.coupon_id LIMIT 10`,
        args
      )
      const top_codes = [] as any[]
      for (const code of top) {
        const perCurrency = await sql(
          `SELECT currency_code, sum(amount)::text AS amount ${uses} AND coupon_id = ? GROUP BY 1 ORDER BY 1`,
          [...args, code.coupon_id]
        )
        top_codes.push({ ...code, discount: perCurrency })
      }
      const released = `FROM coupon_redemption WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'released'
                        AND released_at >= ? AND released_at < ?`
      const [{ canceled }] = await sql(`SELECT count(*)::int AS canceled ${released} AND release_reason = 'order_canceled'`, args)
      const [{ every }] = await sql(`SELECT count(*)::int AS every ${released}`, args)
      const [{ reserved }] = await sql(
        `SELECT count(*)::int AS reserved FROM coupon_redemption WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'reserved'`,
        [promotionId]
      )
      return {
        from,
        to,
        orders: totals.orders,
        customers: totals.customers,
        discount,
        by_day,
        top_codes,
        canceled,
        released: every,
        reserved_now: reserved,
      }
    }

    it("after 3 orders and 1 cancel: stats, all-promotions stats and redemptions.csv equal the ledger", async () => {
      const container = getContainer()
      const admin = (await createAdminHeaders(container)).headers
      const { promotion, coupons } = await createCouponPromotion(
        container,
        { custom_id: "STATS", discount_value: 10, usage_per_customer: "unlimited" },
        ["STATSA1", "STATSB2", "STATSC3"]
      )
      const { promotion: idle } = await createCouponPromotion(container, { custom_id: "IDLE" }, ["IDLECODE1"])
      const [buyer] = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email: "buyer@coupons.test", has_account: true }])
      const buyerHeaders = (await createCustomerHeaders(container, buyer, { headers: demo.headers })).headers

      const first = await order(buyerHeaders, "statsa1", [{ product: SWEATER, quantity: 1 }])
      const guest = await order(demo.headers, "STATSB2", [{ product: TSHIRT, quantity: 2 }], {
        email: "guest@coupons.test",
        setEmail: FORMULA_EMAIL,
      })
      const third = await order(buyerHeaders, "STATSA1", [{ product: TSHIRT, quantity: 1 }])
      expect((await api.post(`/admin/orders/${third}/cancel`, {}, { headers: admin })).status).toBe(200)
      await eventually(
        async () => (await sql(`SELECT 1 FROM coupon_redemption WHERE order_id = ? AND state = 'released'`, [third])).length === 1
      )
      // A checkout in flight: reserved, no order yet.
      await container.resolve(COUPON_MODULE).createCouponRedemptions({
        coupon_id: coupons[2].id,
        promotion_id: promotion.id,
        cart_id: "cart_in_flight",
        email: "late@coupons.test",
        amount: 4.5,
        currency_code: "eur",
        state: "reserved",
        reserved_at: new Date(),
      })

      // One promotion, default range (the last 30 days): every figure equals the ledger, and the exact figures.
      const today = UTC_TODAY()
      const stats = await get(`/admin/coupon-promotions/${promotion.id}/stats`, admin)
      expect(stats.status).toBe(200)
      expect(stats.data.stats).toEqual(await ledgerStats(promotion.id, daysBefore(today, 29), today))
      expect(stats.data.stats).toEqual(
        expect.objectContaining({ from: daysBefore(today, 29), to: today, orders: 2, customers: 2, canceled: 1, released: 1, reserved_now: 1 })
      )
      expect(stats.data.stats.discount.map((d: any) => [d.currency_code, Number(d.amount)])).toEqual([["eur", 11]])
      expect(stats.data.stats.by_day).toHaveLength(30)
      expect(stats.data.stats.by_day[29]).toEqual({ day: today, orders: 2, discount: [{ currency_code: "eur", amount: expect.any(String) }] })
      expect(Number(stats.data.stats.by_day[29].discount[0].amount)).toBe(11)
      expect(stats.data.stats.by_day.slice(0, 29).every((d: any) => d.orders === 0 && d.discount[0].amount === "0")).toBe(true)
      expect(
        stats.data.stats.top_codes.map((c: any) => [c.code, c.orders, c.discount.map((d: any) => Number(d.amount))]).sort()
      ).toEqual([
        ["STATSA1", 1, [8]],
        ["STATSB2", 1, [3]],
      ])

      // A range without uses: every day present, all zero; the in-flight checkout is still counted (it is "now").
      const past = await get(`/admin/coupon-promotions/${promotion.id}/stats?from=2020-02-01&to=2020-03-01`, admin)
      expect(past.data.stats).toEqual(await ledgerStats(promotion.id, "2020-02-01", "2020-03-01"))
      expect(past.data.stats).toEqual(
        expect.objectContaining({ orders: 0, customers: 0, discount: [], top_codes: [], canceled: 0, released: 0, reserved_now: 1 })
      )
      expect(past.data.stats.by_day.map((d: any) => d.day)).toHaveLength(30) // 2020 is a leap year
      expect(past.data.stats.by_day[28]).toEqual({ day: "2020-02-29", orders: 0, discount: [] })

      // Every promotion at once (not taken for GET /admin/coupon-promotions/:id with id "stats").
      const all = await get(`/admin/coupon-promotions/stats`, admin)
      expect(all.status).toBe(200)
      const [totals] = await sql(
        `SELECT count(*)::int AS orders, count(DISTINCT coalesce(customer_id, 'email:' || email))::int AS customers,
                sum(amount)::text AS amount
           FROM coupon_redemption WHERE promotion_id = ? AND deleted_at IS NULL AND state = 'confirmed'`,
        [promotion.id]
      )
      expect(all.data.stats).toEqual(
        [
          { promotion_id: promotion.id, orders: 2, customers: 2, discount: [{ currency_code: "eur", amount: totals.amount }] },
          { promotion_id: idle.id, orders: 0, customers: 0, discount: [] },
        ].sort((a, b) => (a.promotion_id < b.promotion_id ? -1 : 1))
      )
      expect([totals.orders, totals.customers, Number(totals.amount)]).toEqual([2, 2, 11])
      const one = await get(`/admin/coupon-promotions/stats?id=${idle.id}`, admin)
      expect(one.data.stats).toEqual([{ promotion_id: idle.id, orders: 0, customers: 0, discount: [] }])

      // Uses without a customer record (written to the ledger directly: every store checkout has one) count their
      // buyer by e-mail: two uses of one address are one customer, in both reports.
      const { promotion: paper, coupons: paperCodes } = await createCouponPromotion(container, { custom_id: "PAPER" }, ["PAPER001"])
      const now = new Date()
      await container.resolve(COUPON_MODULE).createCouponRedemptions(
        ["cart_paper_1", "cart_paper_2"].map((cart_id, i) => ({
          coupon_id: paperCodes[0].id,
          promotion_id: paper.id,
          cart_id,
          order_id: `order_paper_${i}`,
          email: "paper@coupons.test",
          amount: i ? 2.5 : 1.25,
          currency_code: "usd",
          state: "confirmed" as const,
          reserved_at: now,
          confirmed_at: now,
        }))
      )
      const paperAll = await get(`/admin/coupon-promotions/stats?id=${paper.id},${idle.id}`, admin)
      expect(paperAll.data.stats).toEqual(
        [
          { promotion_id: paper.id, orders: 2, customers: 1, discount: [{ currency_code: "usd", amount: expect.any(String) }] },
          { promotion_id: idle.id, orders: 0, customers: 0, discount: [] },
        ].sort((a, b) => (a.promotion_id < b.promotion_id ? -1 : 1))
      )
      const paperStats = await get(`/admin/coupon-promotions/${paper.id}/stats`, admin)
      expect(paperStats.data.stats).toEqual(await ledgerStats(paper.id, daysBefore(today, 29), today))
      expect([paperStats.data.stats.orders, paperStats.data.stats.customers]).toEqual([2, 1])
      expect(Number(paperStats.data.stats.discount[0].amount)).toBe(3.75)
      expect(paperAll.data.stats.find((s: any) => s.promotion_id === paper.id).discount).toEqual(paperStats.data.stats.discount)

      // Every use as CSV: the header, one row per ledger row (by id: oldest first), the formula-looking e-mail neutralized.
      const csv = await get(`/admin/coupon-promotions/${promotion.id}/redemptions.csv`, admin)
      expect(csv.status).toBe(200)
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
      expect(csv.headers["content-disposition"]).toBe('attachment; filename="redemptions.csv"')
      const lines = (csv.data as string).split("\r\n")
      expect(lines.pop()).toBe("")
      expect(lines[0]).toBe(
        "redemption_id,order_id,customer_id,email,code,amount,currency_code,state,reserved_at,confirmed_at,released_at,release_reason"
      )
      const ledger = await sql(
        `SELECT r.*, r.amount::text AS amount, c.code FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
          WHERE r.promotion_id = ? ORDER BY r.id`,
        [promotion.id]
      )
      expect(ledger.map((r: any) => [r.order_id, r.state])).toEqual([
        [first, "confirmed"],
        [guest, "confirmed"],
        [third, "released"],
        [null, "reserved"],
      ])
      const iso = (d: Date | null) => (d ? d.toISOString() : "")
      const quoted = `"'${FORMULA_EMAIL.replace(/"/g, '""')}"`
      expect(lines.slice(1)).toEqual(
        ledger.map((r: any) =>
          [
            r.id,
            r.order_id ?? "",
            r.customer_id ?? "",
            r.email === FORMULA_EMAIL.toLowerCase() ? quoted.toLowerCase() : r.email ?? "",
            r.code,
            r.amount,
            r.currency_code,
            r.state,
            iso(r.reserved_at),
            iso(r.confirmed_at),
            iso(r.released_at),
            r.release_reason ?? "",
          ].join(",")
        )
      )
      // The guest's row: the e-mail cell starts with ' and is quoted (it holds ; and "), so no spreadsheet runs it.
      expect(lines[2]).toContain(`,"'=hyperlink(""http://evil.test"";""x"")@evil.test",STATSB2,`)
      expect(lines[3]).toMatch(/,STATSA1,1\.5\d*,eur,released,.*,order_canceled$/)
    })

    it("refuses bad ranges and parameters with exact errors; unknown promotions are 404", async () => {
      const container = getContainer()
      const admin = (await createAdminHeaders(container)).headers
      const { promotion } = await createCouponPromotion(container, { custom_id: "STATSBAD" }, ["BADSTAT1"])
      const base = `/admin/coupon-promotions/${promotion.id}`
      const invalid = (message: string) => ({ status: 400, data: { type: "invalid_data", message: `Invalid request: ${message}` } })
      const answer = async (url: string) => {
        const res = await get(url, admin)
        return { status: res.status, data: res.data }
      }
      expect(await answer(`${base}/stats?from=2026-02-30`)).toEqual(invalid("Field 'from' must be a date written YYYY-MM-DD"))
      expect(await answer(`${base}/stats?to=yesterday`)).toEqual(invalid("Field 'to' must be a date written YYYY-MM-DD"))
      expect(await answer(`${base}/stats?from=2026-03-02&to=2026-03-01`)).toEqual(invalid("Field 'from' must be on or before 'to'"))
      expect(await answer(`${base}/stats?from=2024-01-01&to=2025-01-01`)).toEqual(
        invalid("The range from 'from' to 'to' must be at most 366 days (it is 367)")
      )
      expect(await answer(`${base}/stats?from=2020-01-01`)).toEqual(
        expect.objectContaining({ status: 400, data: expect.objectContaining({ message: expect.stringMatching(/at most 366 days/) }) })
      )
      expect(await answer(`${base}/stats?days=7`)).toEqual(invalid("Unrecognized fields: 'days'"))
      const leap = await answer(`${base}/stats?from=2024-01-01&to=2024-12-31`)
      expect([leap.status, leap.data.stats.by_day.length]).toEqual([200, 366])

      const ids = Array.from({ length: 201 }, (_, i) => `cpromo_${i}`).join(",")
      expect(await answer(`/admin/coupon-promotions/stats?id=${ids}`)).toEqual(
        invalid("Value for field 'id' too big, expected at most: '200'")
      )
      expect(await answer(`/admin/coupon-promotions/stats?q=x`)).toEqual(invalid("Unrecognized fields: 'q'"))

      const missing = { status: 404, data: { type: "not_found", message: "Coupon promotion with id: cpromo_missing was not found" } }
      expect(await answer(`/admin/coupon-promotions/cpromo_missing/stats`)).toEqual(missing)
      expect(await answer(`/admin/coupon-promotions/cpromo_missing/redemptions.csv`)).toEqual(missing)
      // Admin only.
      const anonymous = await api.get(`${base}/stats`).catch((e: any) => e.response)
      expect(anonymous.status).toBe(401)
      const anonymousCsv = await api.get(`${base}/redemptions.csv`).catch((e: any) => e.response)
      expect(anonymousCsv.status).toBe(401)
    })
  },
})
