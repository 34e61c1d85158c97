import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MESSAGES } from "../../src/engine/eligibility"
import { createAdminHeaders } from "../helpers/auth"
import { createCouponPromotion, seedDemoStoreBeforeEach } from "../helpers/checkout"
import { orderCouponDiscounts, prepareCheckoutCarts } from "../helpers/redemption"
import {
  cents,
  expectCompletionRefusal,
  liveRedemptions,
  ordersOfCarts,
  promotionCounters,
  settle,
} from "../helpers/limits"

jest.setTimeout(280 * 1000)

// Issue 16: the promotion-wide caps hold under 100 simultaneous completions (checked under the promotion's row lock).
// Demo store products (dev/demo-store.ts), EUR, 20% VAT in DE, shipping 5.00 net.
const TSHIRT = 3 // 15.00
const CARTS = 100

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)

    /**
     * 100 guest carts (2 T-shirts, 30.00) holding `code`, completed all at once. Every completion that did not
     * become an order must be the coupon_expired refusal (a 400, never a 500). Returns the carts that became orders.
     */
    const burst = async (code: string, label: string) => {
      const container = getContainer()
      const started = Date.now()
      const cartIds = await prepareCheckoutCarts(
        container,
        demo.store,
        Array.from({ length: CARTS }, (_, i) => ({ email: `${label}${i}@coupons.test`, lines: [{ product: TSHIRT, quantity: 2 }] })),
        [code]
      )
      const prepared = Date.now()
      const responses = await Promise.all(
        cartIds.map((id) => settle(api.post(`/store/carts/${id}/complete`, {}, { headers: demo.headers })))
      )
      // eslint-disable-next-line no-console
      console.log(`${label}: ${CARTS} carts prepared in ${prepared - started} ms, completed at once in ${Date.now() - prepared} ms`)
      const placed = responses.filter((res) => res.status === 200 && res.data.type === "order")
      for (const res of responses.filter((r) => !(r.status === 200 && r.data.type === "order"))) {
        expectCompletionRefusal(res, "coupon_expired", COUPON_MESSAGES.expired)
      }
      const orderIds = placed.map((res) => res.data.order.id)
      const links = await ordersOfCarts(container, cartIds)
      // Every order of these carts answered 200, and no refused cart became an order.
      expect(links.map((link) => link.order_id).sort()).toEqual([...orderIds].sort())
      return { orderIds, orderedCarts: links.map((link) => link.cart_id) }
    }

    it("max_orders 20: of 100 simultaneous completions exactly 20 become orders; ledger, orders_count and orders agree", async () => {
      const container = getContainer()
      const admin = await createAdminHeaders(container)
      const { promotion } = await createCouponPromotion(
        container,
        { discount_value: 10, max_orders: 20, usage_per_customer: "unlimited", per_customer_scope: "code" },
        ["BURST20X"]
      )
      const { orderIds, orderedCarts } = await burst("BURST20X", "max")
      expect(orderIds).toHaveLength(20)
      // 10% of 30.00 on every order.
      expect(Array.from((await orderCouponDiscounts(container, orderIds)).values())).toEqual(Array(20).fill(3))

      const live = await liveRedemptions(container, promotion.id)
      expect(live.map((row) => row.cart_id).sort()).toEqual([...orderedCarts].sort())
      expect(live).toHaveLength(20)
      expect(await promotionCounters(api, admin, promotion.id)).toEqual({
        orders_count: 20,
        discount_used: { eur: 60 },
        computed_status: "expired",
      })
      expect(cents(live.map((row) => row.amount))).toBe(6000)
    })

    it("budget 100 with 10.00 off: of 100 simultaneous completions exactly 10 become orders; live amounts = discount_used = 100", async () => {
      const container = getContainer()
      const admin = await createAdminHeaders(container)
      const { promotion } = await createCouponPromotion(
        container,
        {
          discount_type: "fixed",
          discount_value: 10,
          currency_code: "eur",
          budget: 100,
          usage_per_customer: "unlimited",
          per_customer_scope: "code",
        },
        ["BURSTBUD"]
      )
      const { orderIds, orderedCarts } = await burst("BURSTBUD", "budget")
      expect(orderIds).toHaveLength(10)
      expect(Array.from((await orderCouponDiscounts(container, orderIds)).values())).toEqual(Array(10).fill(10))

      const live = await liveRedemptions(container, promotion.id)
      expect(live.map((row) => row.cart_id).sort()).toEqual([...orderedCarts].sort())
      expect(cents(live.map((row) => row.amount))).toBe(10000)
      expect(await promotionCounters(api, admin, promotion.id)).toEqual({
        orders_count: 10,
        discount_used: { eur: 100 },
        computed_status: "expired",
      })
    })
  },
})
