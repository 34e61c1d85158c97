import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { COUPON_MESSAGES } from "../../src/engine/eligibility"
import { REDEMPTION_MESSAGES } from "../../src/engine/redemption"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { createAdminHeaders, createCustomerHeaders } from "../helpers/auth"
import { couponLines, createCheckoutCart, seedDemoStoreBeforeEach, totals } from "../helpers/checkout"
import { eventually, orderCouponDiscounts } from "../helpers/redemption"
import {
  cents,
  createPromotionThroughAdmin,
  ensurePayment,
  expectCompletionRefusal,
  expectRefusal,
  liveRedemptions,
  ordersOfCarts,
  promotionCounters,
  settle,
} from "../helpers/limits"

jest.setTimeout(280 * 1000)

// Issue 16, promotion-wide limits: max_discount, budget, max_orders, per_customer_scope. Stacking and exclusions are
// in stacking.spec.ts, 100 simultaneous completions in limits-concurrency.spec.ts.
// Demo store products (dev/demo-store.ts), EUR, 20% VAT in DE, shipping 5.00 net.
const SWEATER = 0 // 80.00
const SCARF = 1 // 25.00
const BELT = 2 // 40.00
const TSHIRT = 3 // 15.00
// Sweater ×1 + scarf ×2 = 130.00 net.
const STANDARD = [
  { product: SWEATER, quantity: 1 },
  { product: SCARF, quantity: 2 },
]

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    let admin: { headers: Record<string, string> }
    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    const apply = (cartId: string, code: string, h = demo.headers) =>
      settle(api.post(`/store/carts/${cartId}/coupons`, { code }, { headers: h }))
    const complete = (cartId: string, h = demo.headers) =>
      settle(api.post(`/store/carts/${cartId}/complete`, {}, { headers: h }))
    const getCart = async (cartId: string) => (await api.get(`/store/carts/${cartId}`, { headers: demo.headers })).data.cart
    const appliedCodes = (cartId: string) =>
      getContainer()
        .resolve(COUPON_MODULE)
        .listCouponCartCodes({ cart_id: cartId })
        .then((rows: any[]) => rows.map((row) => row.code).sort())
    let guests = 0
    /** A guest cart with an e-mail of its own, so per-customer rules never meet. */
    const guestCart = (lines = STANDARD) =>
      createCheckoutCart(api, demo.store, demo.headers, lines, { email: `guest${++guests}@coupons.test` })
    /** Pays and completes; the cart must become an order. */
    const place = async (cartId: string, h = demo.headers) => {
      await ensurePayment(getContainer(), cartId)
      const res = await complete(cartId, h)
      expect([res.status, res.data.type, res.data.message]).toEqual([200, "order", undefined])
      return res.data.order
    }
    const counters = (id: string) => promotionCounters(api, admin, id)
    /** Cancels through the admin API and waits for the release subscriber to give the use back. */
    const cancel = async (orderId: string, promotionId: string, ordersLeft: number) => {
      expect((await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)).status).toBe(200)
      await eventually(async () => (await counters(promotionId)).orders_count === ordersLeft)
    }
    const create = (body: Record<string, unknown>, codes: string[]) =>
      createPromotionThroughAdmin(api, getContainer(), admin, body, codes)

    describe("max_discount", () => {
      it("50% capped at 20.00: a 100.00 cart gets 20.00 split by line share, cents exact, tax on the discounted price", async () => {
        const { promotion } = await create({ discount_value: 50, max_discount: 20 }, ["HALF20AB"])
        // A money field needs a currency: the store's default.
        expect([promotion.currency_code, Number(promotion.max_discount)]).toEqual(["eur", 20])

        // Belt 40 + 4 T-shirts 60 = 100.00: 50% would be 50.00.
        const cart = await guestCart([
          { product: BELT, quantity: 1 },
          { product: TSHIRT, quantity: 4 },
        ])
        const res = await apply(cart.id, "HALF20AB")
        expect(res.status).toBe(200)
        expect(couponLines(res.data.cart, "HALF20AB")).toEqual({ "Leather Belt": 8, "Cotton T-Shirt": 12 })
        // 80 net + 16 VAT on the items, 5 + 1 shipping.
        expect(totals(res.data.cart)).toEqual({
          item_subtotal: 100,
          discount_subtotal: 20,
          discount_total: 24,
          item_total: 96,
          shipping_total: 6,
          tax_total: 17,
          total: 102,
        })

        // 80 : 25 : 15 of 20.00 is 13.333…, 4.1666…, 2.50: the lost cent goes where the remainder is largest.
        const uneven = await guestCart([
          { product: SWEATER, quantity: 1 },
          { product: SCARF, quantity: 1 },
          { product: TSHIRT, quantity: 1 },
        ])
        const split = await apply(uneven.id, "HALF20AB")
        expect(couponLines(split.data.cart)).toEqual({ "Wool Sweater": 13.33, "Knit Scarf": 4.17, "Cotton T-Shirt": 2.5 })
        expect(totals(split.data.cart).discount_subtotal).toBe(20)

        // Under the cap the full 50%.
        const small = await guestCart([{ product: TSHIRT, quantity: 2 }])
        expect(couponLines((await apply(small.id, "HALF20AB")).data.cart)).toEqual({ "Cotton T-Shirt": 15 })

        // The order keeps the capped amount, and so does the ledger.
        const order = await place(cart.id)
        expect((await orderCouponDiscounts(getContainer(), [order.id])).get(order.id)).toBe(20)
        const live = await liveRedemptions(getContainer(), promotion.id)
        expect(live.map((row) => [row.cart_id, Number(row.amount)])).toEqual([[cart.id, 20]])

        // The cap is for percentages only.
        const fixed = await settle(
          api.post(
            "/admin/coupon-promotions",
            {
              custom_id: "FIXEDCAP",
              name: "Fixed with a cap",
              coupon_type: "promotion_code",
              discount_type: "fixed",
              discount_value: 10,
              max_discount: 5,
            },
            admin
          )
        )
        expect({ status: fixed.status, type: fixed.data.type, message: fixed.data.message }).toEqual({
          status: 400,
          type: "invalid_data",
          message: "Field 'max_discount' applies only when 'discount_type' is 'percentage'",
        })
      })
    })

    describe("budget", () => {
      it("budget 15 with 10.00 off: 10.00, then the 5.00 left, then coupon_expired (budget_exhausted); a cancel gives 10.00 back", async () => {
        const { promotion } = await create(
          { discount_type: "fixed", discount_value: 10, budget: 15, usage_per_customer: "unlimited", per_customer_scope: "code" },
          ["BUDGET15"]
        )
        expect([promotion.currency_code, Number(promotion.budget), promotion.orders_count]).toEqual(["eur", 15, 0])
        expect(await counters(promotion.id)).toEqual({ orders_count: 0, discount_used: {}, computed_status: "active" })

        const first = await guestCart()
        expect(couponLines((await apply(first.id, "BUDGET15")).data.cart)).toEqual({ "Wool Sweater": 6.15, "Knit Scarf": 3.85 })
        const order1 = await place(first.id)
        expect(await counters(promotion.id)).toEqual({ orders_count: 1, discount_used: { eur: 10 }, computed_status: "active" })

        // A cart made after the first order: what is left, 5.00, spread 80 : 50.
        const second = await guestCart()
        const res = await apply(second.id, "BUDGET15")
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 3.08, "Knit Scarf": 1.92 })
        expect(totals(res.data.cart).discount_subtotal).toBe(5)
        const order2 = await place(second.id)
        expect(await orderCouponDiscounts(getContainer(), [order1.id, order2.id])).toEqual(
          new Map([
            [order1.id, 10],
            [order2.id, 5],
          ])
        )
        expect(await counters(promotion.id)).toEqual({ orders_count: 2, discount_used: { eur: 15 }, computed_status: "expired" })

        // Nothing left: refused on both store paths, nothing applied.
        const third = await guestCart()
        expectRefusal(await apply(third.id, "BUDGET15"), "coupon_expired", COUPON_MESSAGES.expired, { cause: "budget_exhausted" })
        expectRefusal(
          await settle(api.post(`/store/carts/${third.id}/promotions`, { promo_codes: ["BUDGET15"] }, { headers: demo.headers })),
          "coupon_expired",
          COUPON_MESSAGES.expired,
          { cause: "budget_exhausted" }
        )
        expect(await appliedCodes(third.id)).toEqual([])
        expect(couponLines(await getCart(third.id))).toEqual({})

        await cancel(order1.id, promotion.id, 1)
        expect(await counters(promotion.id)).toEqual({ orders_count: 1, discount_used: { eur: 5 }, computed_status: "active" })
        const fourth = await guestCart()
        expect(couponLines((await apply(fourth.id, "BUDGET15")).data.cart)).toEqual({ "Wool Sweater": 6.15, "Knit Scarf": 3.85 })
        await place(fourth.id)
        expect(await counters(promotion.id)).toEqual({ orders_count: 2, discount_used: { eur: 15 }, computed_status: "expired" })
        const live = await liveRedemptions(getContainer(), promotion.id)
        expect(live.map((row) => row.cart_id).sort()).toEqual([second.id, fourth.id].sort())
        expect(cents(live.map((row) => row.amount))).toBe(1500)
      })

      it("a cart priced before the budget ran low is refused at completion (coupon_discount_out_of_date); refreshed, it gets what is left", async () => {
        const { promotion } = await create(
          { discount_type: "fixed", discount_value: 10, budget: 15, usage_per_customer: "unlimited", per_customer_scope: "code" },
          ["BUDGETLO"]
        )
        const a = await guestCart()
        const b = await guestCart()
        for (const cart of [a, b]) {
          expect(couponLines((await apply(cart.id, "BUDGETLO")).data.cart)).toEqual({ "Wool Sweater": 6.15, "Knit Scarf": 3.85 })
        }
        await place(a.id)

        // b still carries 10.00, only 5.00 is left.
        await ensurePayment(getContainer(), b.id)
        expectCompletionRefusal(await complete(b.id), "coupon_discount_out_of_date", REDEMPTION_MESSAGES.discount_out_of_date)
        expect(await ordersOfCarts(getContainer(), [b.id])).toEqual([])
        expect((await liveRedemptions(getContainer(), promotion.id)).map((row) => row.cart_id)).toEqual([a.id])
        expect(await counters(promotion.id)).toEqual({ orders_count: 1, discount_used: { eur: 10 }, computed_status: "active" })

        // Any cart update re-prices the coupon against what is left.
        const refreshed = await settle(api.post(`/store/carts/${b.id}`, { email: b.email }, { headers: demo.headers }))
        expect(refreshed.status).toBe(200)
        expect(couponLines(refreshed.data.cart)).toEqual({ "Wool Sweater": 3.08, "Knit Scarf": 1.92 })
        const order = await place(b.id)
        expect((await orderCouponDiscounts(getContainer(), [order.id])).get(order.id)).toBe(5)
        expect(await counters(promotion.id)).toEqual({ orders_count: 2, discount_used: { eur: 15 }, computed_status: "expired" })
      })
    })

    describe("max_orders", () => {
      it("max_orders 2 across two codes: a third order is refused (max_orders_reached), status expired; a cancel gives a place back", async () => {
        const { promotion } = await create({ discount_value: 10, max_orders: 2, usage_per_customer: "unlimited" }, [
          "MAXTWOAA",
          "MAXTWOBB",
        ])
        const one = await guestCart()
        const late = await guestCart()
        const stale = await guestCart()
        expect((await apply(one.id, "MAXTWOAA")).status).toBe(200)
        expect((await apply(stale.id, "MAXTWOAA")).status).toBe(200)
        // Priced while places were left; completed after they are gone.
        expect(couponLines((await apply(late.id, "MAXTWOBB")).data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        const order1 = await place(one.id)
        expect(await counters(promotion.id)).toEqual({ orders_count: 1, discount_used: { eur: 13 }, computed_status: "active" })
        const two = await guestCart()
        expect((await apply(two.id, "MAXTWOBB")).status).toBe(200)
        await place(two.id)
        expect(await counters(promotion.id)).toEqual({ orders_count: 2, discount_used: { eur: 26 }, computed_status: "expired" })
        const expiredList = await api.get(`/admin/coupon-promotions?status=expired`, admin)
        expect(expiredList.data.coupon_promotions.map((p: any) => p.id)).toEqual([promotion.id])

        const three = await guestCart()
        expectRefusal(await apply(three.id, "MAXTWOAA"), "coupon_expired", COUPON_MESSAGES.expired, {
          cause: "max_orders_reached",
        })
        expect(await appliedCodes(three.id)).toEqual([])
        expect(couponLines(await getCart(three.id))).toEqual({})
        // A cart holding the code loses its discount at its next refresh.
        const refreshed = await settle(api.post(`/store/carts/${stale.id}`, { email: stale.email }, { headers: demo.headers }))
        expect([refreshed.status, couponLines(refreshed.data.cart)]).toEqual([200, {}])

        await ensurePayment(getContainer(), late.id)
        expectCompletionRefusal(await complete(late.id), "coupon_expired", COUPON_MESSAGES.expired)
        expect(await ordersOfCarts(getContainer(), [late.id])).toEqual([])
        expect((await liveRedemptions(getContainer(), promotion.id)).map((row) => row.cart_id).sort()).toEqual(
          [one.id, two.id].sort()
        )
        expect(await counters(promotion.id)).toEqual({ orders_count: 2, discount_used: { eur: 26 }, computed_status: "expired" })

        await cancel(order1.id, promotion.id, 1)
        expect(await counters(promotion.id)).toEqual({ orders_count: 1, discount_used: { eur: 13 }, computed_status: "active" })
        const order3 = await place(late.id)
        expect((await orderCouponDiscounts(getContainer(), [order3.id])).get(order3.id)).toBe(13)
        expect(await counters(promotion.id)).toEqual({ orders_count: 2, discount_used: { eur: 26 }, computed_status: "expired" })
        expect((await liveRedemptions(getContainer(), promotion.id)).map((row) => row.cart_id).sort()).toEqual(
          [two.id, late.id].sort()
        )
      })
    })

    describe("per_customer_scope", () => {
      const customer = async (email: string) => {
        const created = await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers({ email, has_account: true, first_name: "Kim" })
        return { ...created, headers: (await createCustomerHeaders(getContainer(), created, { headers: demo.headers })).headers }
      }

      it("'promotion' (a promotion code's default): one order per customer across all codes; 'code': per code", async () => {
        const kim = await customer("kim@coupons.test")
        const cart = () => createCheckoutCart(api, demo.store, kim.headers, STANDARD)
        const { promotion: scoped } = await create({ discount_value: 10 }, ["ONCEPRAA", "ONCEPRBB"])
        expect([scoped.per_customer_scope, scoped.usage_per_customer]).toEqual(["promotion", "one_order"])
        await create({ discount_value: 10, per_customer_scope: "code" }, ["ONCECDAA", "ONCECDBB"])

        const withA = await cart()
        const early = await cart()
        expect((await apply(withA.id, "ONCEPRAA", kim.headers)).status).toBe(200)
        // Before any order, code B is fine on another cart of Kim's.
        expect(couponLines((await apply(early.id, "ONCEPRBB", kim.headers)).data.cart)).toEqual({
          "Wool Sweater": 8,
          "Knit Scarf": 5,
        })
        await place(withA.id, kim.headers)

        const later = await cart()
        expectRefusal(await apply(later.id, "ONCEPRBB", kim.headers), "coupon_already_used", COUPON_MESSAGES.already_used)
        expect(await appliedCodes(later.id)).toEqual([])
        // The cart that took B before the order is refused at completion, under the lock.
        await ensurePayment(getContainer(), early.id)
        expectCompletionRefusal(await complete(early.id, kim.headers), "coupon_already_used", COUPON_MESSAGES.already_used)
        expect(await ordersOfCarts(getContainer(), [early.id])).toEqual([])
        expect((await liveRedemptions(getContainer(), scoped.id)).map((row) => row.cart_id)).toEqual([withA.id])

        // Per code: each code once.
        const c1 = await cart()
        expect((await apply(c1.id, "ONCECDAA", kim.headers)).status).toBe(200)
        await place(c1.id, kim.headers)
        const c2 = await cart()
        expect(couponLines((await apply(c2.id, "ONCECDBB", kim.headers)).data.cart)).toEqual({
          "Wool Sweater": 8,
          "Knit Scarf": 5,
        })
        await place(c2.id, kim.headers)
        const c3 = await cart()
        expectRefusal(await apply(c3.id, "ONCECDAA", kim.headers), "coupon_already_used", COUPON_MESSAGES.already_used)
        expect(await appliedCodes(c3.id)).toEqual([])
      })

      it("guests are matched by the cart's e-mail: a guest who ordered with code A is refused code B of the promotion", async () => {
        await create({ discount_value: 10 }, ["GUESTPRA", "GUESTPRB"])
        const guest = (email: string) => createCheckoutCart(api, demo.store, demo.headers, STANDARD, { email })
        const first = await guest("guest.shopper@coupons.test")
        expect((await apply(first.id, "GUESTPRA")).status).toBe(200)
        await place(first.id)

        const second = await guest("guest.shopper@coupons.test")
        expectRefusal(await apply(second.id, "GUESTPRB"), "coupon_already_used", COUPON_MESSAGES.already_used)
        expect(await appliedCodes(second.id)).toEqual([])
        // The same address typed differently is the same shopper.
        const third = await guest("Guest.Shopper@Coupons.test")
        expectRefusal(await apply(third.id, "GUESTPRB"), "coupon_already_used", COUPON_MESSAGES.already_used)
        expect(await appliedCodes(third.id)).toEqual([])
        // Another e-mail may.
        const other = await guest("someone.else@coupons.test")
        expect(couponLines((await apply(other.id, "GUESTPRB")).data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
      })
    })
  },
})
