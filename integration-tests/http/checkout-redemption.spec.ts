import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { DemoStore, seedDemoStore } from "../../dev/demo-store"
import { COUPON_MESSAGES } from "../../src/engine/eligibility"
import { REDEMPTION_MESSAGES } from "../../src/engine/redemption"
import { DEFAULT_REFUSAL_MESSAGES } from "../../src/engine/refusals"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { reserveCartCouponRedemptions } from "../../src/workflows/redemptions/reserve-cart-coupons"
import { settleStaleCouponReservations } from "../../src/workflows/redemptions/release-stale-reservations"
import { createAdminHeaders, createCustomerHeaders } from "../helpers/auth"
import { couponLines, createCheckoutCart, createCouponPromotion } from "../helpers/checkout"
import {
  eventually,
  orderCouponDiscounts,
  payForCart,
  prepareCheckoutCart,
  prepareCheckoutCarts,
} from "../helpers/redemption"
import { seedGiftBalanceCarts } from "../helpers/checkout-races"

jest.setTimeout(280 * 1000)

// Demo store products (dev/demo-store.ts), EUR, 20% VAT in DE, shipping 5.00 net.
const SWEATER = 0 // 80.00
const TSHIRT = 3 // 15.00

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let headers: Record<string, string>

    beforeEach(async () => {
      store = await seedDemoStore(getContainer())
      headers = { "x-publishable-api-key": store.publishableKey }
    })

    const service = () => getContainer().resolve(COUPON_MODULE)
    const complete = (cartId: string, h = headers) =>
      api.post(`/store/carts/${cartId}/complete`, {}, { headers: h }).catch((e: any) => e.response)
    const customers = async (count: number, prefix: string) =>
      await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers(
          Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@coupons.test`, has_account: true }))
        )
    const redemptions = (filter: Record<string, unknown>) =>
      service().listCouponRedemptions(filter, { order: { reserved_at: "ASC" } })
    // Completion refusals carry their machine code too (Medusa's error handler answers MedusaError's code).
    const refusal = (message: string) => ({
      status: 400,
      data: {
        type: "not_allowed",
        code: Object.entries(DEFAULT_REFUSAL_MESSAGES).find(([, text]) => text === message)?.[0],
        message,
      },
    })

    describe("concurrent completions", () => {
      it("200 carts of 200 customers at once with a 'first 20 customers' code: exactly 20 orders carry it", async () => {
        const container = getContainer()
        const { promotion, coupons } = await createCouponPromotion(
          container,
          {
            discount_value: 10,
            usage_per_code: "first_customers",
            usage_per_code_limit: 20,
            codes_total: 1,
            codes_unassigned: 1,
          },
          ["FIRST20X"]
        )
        const people = await customers(200, "first")
        const started = Date.now()
        const cartIds = await prepareCheckoutCarts(
          container,
          store,
          people.map((person) => ({ customer_id: person.id, email: person.email, lines: [{ product: TSHIRT, quantity: 2 }] })),
          ["FIRST20X"]
        )
        const prepared = Date.now()

        const responses = await Promise.all(cartIds.map((id) => complete(id)))
        const finished = Date.now()
        // eslint-disable-next-line no-console
        console.log(`200 carts prepared in ${prepared - started} ms, completed at once in ${finished - prepared} ms`)

        const orders = responses.filter((res) => res.status === 200 && res.data.type === "order")
        const refused = responses.filter((res) => res.status !== 200)
        expect(orders).toHaveLength(20)
        expect(refused).toHaveLength(180)
        for (const res of refused) {
          expect({ status: res.status, data: res.data }).toEqual(refusal(COUPON_MESSAGES.usage_limit_reached))
        }
        // Every order carries the discount (2 × 15.00 × 10 %), and no refused cart became an order.
        const discounts = await orderCouponDiscounts(
          container,
          orders.map((res) => res.data.order.id)
        )
        expect(Array.from(discounts.values())).toEqual(Array(20).fill(3))
        const query = container.resolve("query")
        const { data: links } = await query.graph({
          entity: "order_cart",
          fields: ["order_id"],
          filters: { cart_id: cartIds },
        })
        expect(links).toHaveLength(20)

        const coupon = await service().retrieveCoupon(coupons[0].id)
        expect({
          uses: coupon.uses_count,
          customers: coupon.customers_count,
          exhausted: (coupon as any).customers_exhausted,
          state: coupon.state,
        }).toEqual({ uses: 20, customers: 20, exhausted: 20, state: "used_fully" })
        const counters = await service().retrieveCouponPromotion(promotion.id)
        expect([counters.customers_used, counters.customers_exhausted, counters.codes_used_fully]).toEqual([20, 20, 1])
        const confirmed = await eventually(async () => {
          const rows = await redemptions({ coupon_id: coupon.id, state: "confirmed" })
          return rows.length === 20 ? rows : null
        })
        expect(new Set(confirmed!.map((row: any) => row.order_id))).toEqual(
          new Set(orders.map((res) => res.data.order.id))
        )
        expect(await redemptions({ coupon_id: coupon.id, state: ["reserved", "released"] })).toEqual([])
      })

      it("50 carts of one customer at once against one personal balance: never below zero, falls by what orders kept", async () => {
        const container = getContainer()
        const [owner] = await customers(1, "gift")
        const { coupons, cartIds } = await seedGiftBalanceCarts(container, store, {
          owner,
          code: "GIFTCARD100",
          carts: 50,
        })
        const responses = await Promise.all(cartIds.map((id) => complete(id)))
        const orders = responses.filter((res) => res.status === 200 && res.data.type === "order")
        for (const res of responses.filter((r) => r.status !== 200)) {
          expect({ status: res.status, data: res.data }).toEqual(refusal(REDEMPTION_MESSAGES.balance_changed))
        }
        expect(orders.length).toBeGreaterThanOrEqual(4)
        expect(orders.length).toBeLessThanOrEqual(7)

        const discounts = await orderCouponDiscounts(
          container,
          orders.map((res) => res.data.order.id)
        )
        const spent = Array.from(discounts.values()).reduce((sum, value) => sum + value, 0)
        const coupon = await service().retrieveCoupon(coupons[0].id)
        const balance = 100 - Number(coupon.amount_used)
        expect(balance).toBeGreaterThanOrEqual(0)
        expect(Math.round(balance * 100)).toBe(Math.round((100 - spent) * 100))
        expect(coupon.uses_count).toBe(orders.length)
        expect(coupon.state).toBe(balance === 0 ? "used_fully" : "used_partially")
        const live = await redemptions({ coupon_id: coupons[0].id, state: ["reserved", "confirmed"] })
        expect(live.reduce((sum: number, row: any) => sum + Math.round(Number(row.amount) * 100), 0)).toBe(
          Math.round(spent * 100)
        )
      })
    })

    describe("one completion", () => {
      it("through the store routes: a retried completion counts once, the ledger shows it, cancel gives use and balance back", async () => {
        const container = getContainer()
        const [owner] = await customers(1, "owner")
        const customerHeaders = (await createCustomerHeaders(container, owner, { headers })).headers
        const { promotion, coupons } = await createCouponPromotion(
          container,
          {
            coupon_type: "personal",
            discount_type: "fixed",
            discount_value: 50,
            currency_code: "eur",
            codes_total: 1,
            codes_assigned: 1,
          },
          [{ code: "ONEORDER50", customer_id: owner.id, state: "assigned" }]
        )
        const events: { name: string; data: any }[] = []
        const eventBus = container.resolve(Modules.EVENT_BUS)
        const record = async (event: any) => {
          events.push({ name: event.name, data: event.data })
        }
        eventBus.subscribe("coupon.redeemed", record, { subscriberId: "test-redeemed" })
        eventBus.subscribe("coupon.released", record, { subscriberId: "test-released" })

        const cart = await createCheckoutCart(api, store, customerHeaders, [{ product: TSHIRT, quantity: 2 }])
        const applied = await api.post(`/store/carts/${cart.id}/coupons`, { code: "oneorder50" }, { headers: customerHeaders })
        expect(couponLines(applied.data.cart, "ONEORDER50")).toEqual({ "Cotton T-Shirt": 30 })
        await payForCart(container, cart.id)

        const first = await complete(cart.id, customerHeaders)
        expect(first.status).toBe(200)
        const orderId = first.data.order.id
        const again = await complete(cart.id, customerHeaders)
        expect([again.status, again.data.type, again.data.order?.id]).toEqual([200, "order", orderId])

        const confirmed = await eventually(async () => {
          const rows = await redemptions({ cart_id: cart.id })
          return rows.length === 1 && rows[0].state === "confirmed" ? rows : null
        })
        expect(confirmed).toEqual([
          expect.objectContaining({ order_id: orderId, customer_id: owner.id, currency_code: "eur" }),
        ])
        let coupon = await service().retrieveCoupon(coupons[0].id)
        // "Limited to one order": fully used after one order although 20.00 of the 50.00 are left.
        expect([coupon.uses_count, Number(coupon.amount_used), coupon.state]).toEqual([1, 30, "used_fully"])

        const admin = (await createAdminHeaders(container)).headers
        const ledger = await api.get(`/admin/coupon-promotions/${promotion.id}/coupons/${coupons[0].id}`, {
          headers: admin,
        })
        expect(ledger.data.coupon).toEqual(
          expect.objectContaining({
            code: "ONEORDER50",
            state: "used_fully",
            uses_count: 1,
            remaining_balance: 20,
            redemptions: [
              expect.objectContaining({
                state: "confirmed",
                order_id: orderId,
                customer_id: owner.id,
                amount: 30,
                cart_id: cart.id,
                reserved_at: expect.any(String),
                confirmed_at: expect.any(String),
                released_at: null,
              }),
            ],
          })
        )
        expect(ledger.data.coupon.promotion).toEqual(
          expect.objectContaining({ id: promotion.id, custom_id: promotion.custom_id, discount_type: "fixed" })
        )
        const onOrder = await api.get(`/admin/orders/${orderId}/coupons`, { headers: admin })
        expect(onOrder.data.redemptions).toEqual([
          expect.objectContaining({
            state: "confirmed",
            coupon: { id: coupons[0].id, code: "ONEORDER50", promotion: { id: promotion.id, custom_id: promotion.custom_id, name: promotion.name } },
          }),
        ])
        const missing = await api
          .get(`/admin/coupon-promotions/${promotion.id}/coupons/coupon_missing`, { headers: admin })
          .catch((e: any) => e.response)
        expect(missing.status).toBe(404)

        const canceled = await api.post(`/admin/orders/${orderId}/cancel`, {}, { headers: admin })
        expect(canceled.status).toBe(200)
        coupon = await eventually(async () => {
          const row = await service().retrieveCoupon(coupons[0].id)
          return row.uses_count === 0 ? row : null
        })
        expect([coupon.uses_count, Number(coupon.amount_used), coupon.state]).toEqual([0, 0, "assigned"])
        const released = await redemptions({ cart_id: cart.id })
        expect(released).toEqual([
          expect.objectContaining({ state: "released", release_reason: "order_canceled", order_id: orderId }),
        ])
        await eventually(async () => events.length >= 2)
        expect(events.map((event) => [event.name, event.data.id, event.data.reason])).toEqual([
          ["coupon.redeemed", released[0].id, undefined],
          ["coupon.released", released[0].id, "order_canceled"],
        ])
        expect(events[0].data).toEqual(
          expect.objectContaining({ order_id: orderId, coupon_id: coupons[0].id, amount: "30" })
        )
      })

      it("a completion failing after the reservation leaves nothing reserved; a canceled 'first N' place goes to another customer", async () => {
        const container = getContainer()
        const [first, second] = await customers(2, "slot")
        const { coupons } = await createCouponPromotion(
          container,
          { usage_per_code: "first_customers", usage_per_code_limit: 1, codes_total: 1, codes_unassigned: 1 },
          ["ONLYONE1"]
        )
        const cartA = await prepareCheckoutCart(container, store, {
          customer_id: first.id,
          email: first.email,
          lines: [{ product: SWEATER, quantity: 1 }],
          codes: ["ONLYONE1"],
        })
        const cartB = await prepareCheckoutCart(container, store, {
          customer_id: second.id,
          email: second.email,
          lines: [{ product: SWEATER, quantity: 1 }],
          codes: ["ONLYONE1"],
        })

        // The shipping option disappears after the cart chose it: completion fails after our validate hook reserved.
        const fulfillment = container.resolve(Modules.FULFILLMENT)
        await fulfillment.softDeleteShippingOptions([store.shippingOptionId])
        const failed = await complete(cartA)
        expect(failed.status).toBe(400)
        expect(failed.data.message).not.toContain("coupon")
        expect(await redemptions({ cart_id: cartA })).toEqual([
          expect.objectContaining({ state: "released", release_reason: "completion_failed" }),
        ])
        let coupon = await service().retrieveCoupon(coupons[0].id)
        expect([coupon.uses_count, coupon.customers_count, coupon.state]).toEqual([0, 0, "unassigned"])
        await fulfillment.restoreShippingOptions([store.shippingOptionId])

        const orderA = await complete(cartA)
        expect(orderA.data.type).toBe("order")
        expect(await complete(cartB)).toEqual(
          expect.objectContaining(refusal(COUPON_MESSAGES.usage_limit_reached))
        )
        const admin = (await createAdminHeaders(container)).headers
        await api.post(`/admin/orders/${orderA.data.order.id}/cancel`, {}, { headers: admin })
        await eventually(async () => (await service().retrieveCoupon(coupons[0].id)).customers_count === 0)

        const orderB = await complete(cartB)
        expect(orderB.data.type).toBe("order")
        const discounts = await orderCouponDiscounts(container, [orderB.data.order.id])
        expect(discounts.get(orderB.data.order.id)).toBe(8)
        coupon = await service().retrieveCoupon(coupons[0].id)
        expect([coupon.uses_count, coupon.customers_count, coupon.state]).toEqual([1, 1, "used_fully"])
      })

      it("the stale-reservation job releases a reservation no order confirmed and confirms one whose order exists", async () => {
        const container = getContainer()
        const [buyer, other] = await customers(2, "stale")
        const { coupons } = await createCouponPromotion(
          container,
          { usage_per_customer: "unlimited", codes_total: 1, codes_unassigned: 1 },
          ["STALE10A"]
        )
        const abandoned = await prepareCheckoutCart(container, store, {
          customer_id: buyer.id,
          email: buyer.email,
          lines: [{ product: TSHIRT, quantity: 1 }],
          codes: ["STALE10A"],
        })
        const query = container.resolve("query")
        const {
          data: [cart],
        } = await query.graph({
          entity: "cart",
          fields: ["id", "currency_code", "completed_at", "customer.*", "item_subtotal", "items.*", "items.adjustments.*"],
          filters: { id: abandoned },
        })
        // What the hook does, for a completion that then never finished (process killed, say).
        const reservation = await reserveCartCouponRedemptions(container, { cart: cart as any })
        expect(reservation?.created_ids).toHaveLength(1)

        const placed = await prepareCheckoutCart(container, store, {
          customer_id: other.id,
          email: other.email,
          lines: [{ product: TSHIRT, quantity: 1 }],
          codes: ["STALE10A"],
        })
        const order = await complete(placed)
        const confirmedRow = await eventually(async () => {
          const [row] = await redemptions({ cart_id: placed, state: "confirmed" })
          return row
        })
        // As if order.placed had been lost: the reservation is still "reserved" although the order exists.
        await service().unconfirmCouponRedemptions([confirmedRow.id])

        expect(await settleStaleCouponReservations(container)).toEqual({ confirmed: 0, released: 0, skipped: 0 })
        const later = new Date(Date.now() + 16 * 60 * 1000)
        expect(await settleStaleCouponReservations(container, { at: later })).toEqual({ confirmed: 1, released: 1, skipped: 0 })
        expect(await redemptions({ cart_id: abandoned })).toEqual([
          expect.objectContaining({ state: "released", release_reason: "reservation_timeout" }),
        ])
        expect(await redemptions({ cart_id: placed })).toEqual([
          expect.objectContaining({ state: "confirmed", order_id: order.data.order.id }),
        ])
        expect((await service().retrieveCoupon(coupons[0].id)).uses_count).toBe(1)
      })
    })
  },
})
