import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from ".."
import CouponModuleService from "../service"
import { COUPON_MESSAGES } from "../../../engine/eligibility"
import { REDEMPTION_MESSAGES } from "../../../engine/redemption"

jest.setTimeout(120000)

const NOW = new Date("2030-01-15T12:00:00Z")

moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service }) => {
    const cart = (customer_id: string | null, subtotal = 200) => ({
      currency_code: "eur",
      customer_id,
      items: [{ id: "item_1", subtotal }],
    })

    async function setup(promotion: Record<string, unknown>, coupon: Record<string, unknown> = {}) {
      const created = await service.createCouponPromotions({
        custom_id: `P${Math.random().toString(36).slice(2, 8)}`,
        name: "Checkout",
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 10,
        codes_total: 1,
        codes_unassigned: coupon.customer_id ? 0 : 1,
        codes_assigned: coupon.customer_id ? 1 : 0,
        ...promotion,
      } as any)
      const [code] = await service.createCoupons([
        {
          code: `C${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
          promotion_id: created.id,
          state: coupon.customer_id ? "assigned" : "unassigned",
          ...coupon,
        } as any,
      ])
      return { promotion: created, coupon: code }
    }

    const reserve = (coupon_id: string, cart_id: string, customer_id: string | null, amount = "10", logged = true) =>
      service.reserveCouponRedemptions({
        cart_id,
        customer_id,
        currency_code: "eur",
        cart: cart(null),
        coupons: [{ coupon_id, amount, authenticated_customer_id: logged ? customer_id : null }],
        now: NOW,
      })

    const settle = async (promises: Promise<unknown>[]) => {
      const results = await Promise.allSettled(promises)
      return {
        ok: results.filter((r) => r.status === "fulfilled").length,
        errors: results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason.message),
      }
    }

    const counters = async (promotionId: string, couponId: string) => {
      const promotion = await service.retrieveCouponPromotion(promotionId)
      const coupon = await service.retrieveCoupon(couponId)
      return {
        coupon: {
          state: coupon.state,
          uses_count: coupon.uses_count,
          customers_count: coupon.customers_count,
          customers_exhausted: (coupon as any).customers_exhausted,
          amount_used: coupon.amount_used === null ? null : Number(coupon.amount_used),
        },
        promotion: {
          codes_unassigned: promotion.codes_unassigned,
          codes_assigned: promotion.codes_assigned,
          codes_used_partially: promotion.codes_used_partially,
          codes_used_fully: promotion.codes_used_fully,
          customers_used: promotion.customers_used,
          customers_exhausted: promotion.customers_exhausted,
        },
      }
    }

    describe("reserving at checkout", () => {
      it("lets exactly N distinct customers through a 'first N customers' code under concurrency", async () => {
        const { promotion, coupon } = await setup({ usage_per_code: "first_customers", usage_per_code_limit: 5 })
        const result = await settle(
          Array.from({ length: 30 }, (_, i) => reserve(coupon.id, `cart_${i}`, `cus_${i}`))
        )
        expect(result.ok).toBe(5)
        expect(new Set(result.errors)).toEqual(new Set([COUPON_MESSAGES.usage_limit_reached]))
        expect(await counters(promotion.id, coupon.id)).toEqual({
          coupon: { state: "used_fully", uses_count: 5, customers_count: 5, customers_exhausted: 5, amount_used: null },
          promotion: {
            codes_unassigned: 0,
            codes_assigned: 0,
            codes_used_partially: 0,
            codes_used_fully: 1,
            customers_used: 5,
            customers_exhausted: 5,
          },
        })
        expect(await service.listCouponRedemptions({ coupon_id: coupon.id, state: "reserved" })).toHaveLength(5)
      })

      it("never spends a personal balance below zero under concurrency", async () => {
        const { promotion, coupon } = await setup(
          {
            coupon_type: "personal",
            discount_type: "fixed",
            discount_value: 100,
            currency_code: "eur",
            usage_per_customer: "unlimited",
          },
          { customer_id: "cus_gift" }
        )
        const result = await settle(
          Array.from({ length: 20 }, (_, i) => reserve(coupon.id, `cart_${i}`, "cus_gift", "30"))
        )
        expect(result.ok).toBe(3)
        expect(new Set(result.errors)).toEqual(new Set([REDEMPTION_MESSAGES.balance_changed]))
        expect((await counters(promotion.id, coupon.id)).coupon).toEqual({
          state: "used_partially",
          uses_count: 3,
          customers_count: 1,
          customers_exhausted: 0,
          amount_used: 90,
        })
        await reserve(coupon.id, "cart_last", "cus_gift", "10")
        expect(await counters(promotion.id, coupon.id)).toEqual({
          coupon: { state: "used_fully", uses_count: 4, customers_count: 1, customers_exhausted: 0, amount_used: 100 },
          promotion: {
            codes_unassigned: 0,
            codes_assigned: 0,
            codes_used_partially: 0,
            codes_used_fully: 1,
            customers_used: 1,
            customers_exhausted: 0,
          },
        })
        await expect(reserve(coupon.id, "cart_more", "cus_gift", "1")).rejects.toThrow(COUPON_MESSAGES.expired)
      })

      it("is idempotent per cart and ends a 'one order' personal coupon after one use with balance left", async () => {
        const { promotion, coupon } = await setup(
          { coupon_type: "personal", discount_type: "fixed", discount_value: 50, currency_code: "eur" },
          { customer_id: "cus_1" }
        )
        const first = await reserve(coupon.id, "cart_a", "cus_1", "20")
        const again = await reserve(coupon.id, "cart_a", "cus_1", "20")
        expect(first.created_ids).toHaveLength(1)
        expect(again).toEqual({ redemptions: [expect.objectContaining({ id: first.created_ids[0] })], created_ids: [] })
        expect((await counters(promotion.id, coupon.id)).coupon).toEqual({
          state: "used_fully",
          uses_count: 1,
          customers_count: 1,
          customers_exhausted: 1,
          amount_used: 20,
        })
        await expect(reserve(coupon.id, "cart_b", "cus_1", "20")).rejects.toThrow(COUPON_MESSAGES.already_used)
      })

      it("refuses someone else's personal coupon and a guest, writing nothing", async () => {
        const { promotion, coupon } = await setup(
          { coupon_type: "personal", discount_type: "fixed", discount_value: 50, currency_code: "eur" },
          { customer_id: "cus_owner" }
        )
        await expect(reserve(coupon.id, "cart_x", "cus_other")).rejects.toThrow(COUPON_MESSAGES.invalid_code)
        await expect(reserve(coupon.id, "cart_y", "cus_guest", "10", false)).rejects.toThrow(
          COUPON_MESSAGES.invalid_code
        )
        expect(await service.listCouponRedemptions({ coupon_id: coupon.id })).toEqual([])
        expect((await counters(promotion.id, coupon.id)).coupon.uses_count).toBe(0)
      })
    })

    describe("confirming and releasing", () => {
      it("confirms once, releases on cancel and gives the 'first N' place to another customer", async () => {
        const { promotion, coupon } = await setup({ usage_per_code: "first_customers", usage_per_code_limit: 1 })
        await reserve(coupon.id, "cart_1", "cus_1")
        await expect(reserve(coupon.id, "cart_2", "cus_2")).rejects.toThrow(COUPON_MESSAGES.usage_limit_reached)

        const confirmed = await service.confirmCouponRedemptions({ cart_id: "cart_1", order_id: "order_1", now: NOW })
        expect(confirmed).toEqual([expect.objectContaining({ state: "confirmed", order_id: "order_1" })])
        expect(await service.confirmCouponRedemptions({ cart_id: "cart_1", order_id: "order_1", now: NOW })).toEqual([])

        const released = await service.releaseCouponRedemptions({
          order_id: "order_1",
          states: ["reserved", "confirmed"],
          reason: "order_canceled",
        })
        expect(released).toEqual([
          expect.objectContaining({ state: "released", previous_state: "confirmed", release_reason: "order_canceled" }),
        ])
        expect(
          await service.releaseCouponRedemptions({ order_id: "order_1", states: ["confirmed"], reason: "again" })
        ).toEqual([])
        expect(await counters(promotion.id, coupon.id)).toEqual({
          coupon: { state: "unassigned", uses_count: 0, customers_count: 0, customers_exhausted: 0, amount_used: null },
          promotion: {
            codes_unassigned: 1,
            codes_assigned: 0,
            codes_used_partially: 0,
            codes_used_fully: 0,
            customers_used: 0,
            customers_exhausted: 0,
          },
        })
        await reserve(coupon.id, "cart_2", "cus_2")
        expect((await counters(promotion.id, coupon.id)).coupon.customers_count).toBe(1)
      })

      it("keeps a customer counted while another of their uses is live, and recounts a release on compensation", async () => {
        const { promotion, coupon } = await setup({
          usage_per_code: "first_customers",
          usage_per_code_limit: 1,
          usage_per_customer: "limited",
          usage_per_customer_limit: 2,
        })
        await reserve(coupon.id, "cart_1", "cus_1")
        await reserve(coupon.id, "cart_2", "cus_1")
        expect((await counters(promotion.id, coupon.id)).coupon).toEqual(
          expect.objectContaining({ uses_count: 2, customers_count: 1, customers_exhausted: 1, state: "used_fully" })
        )
        const released = await service.releaseCouponRedemptions({
          cart_id: "cart_1",
          states: ["reserved"],
          reason: "completion_failed",
        })
        expect((await counters(promotion.id, coupon.id)).coupon).toEqual(
          expect.objectContaining({ uses_count: 1, customers_count: 1, customers_exhausted: 0, state: "used_partially" })
        )
        const live = await service.listCouponRedemptions({ coupon_id: coupon.id, state: "reserved" })
        expect(live.map((row) => [row.cart_id, row.counted_customer])).toEqual([["cart_2", true]])
        // Another customer still cannot take the place: cus_1 holds it through cart_2.
        await expect(reserve(coupon.id, "cart_3", "cus_2")).rejects.toThrow(COUPON_MESSAGES.usage_limit_reached)

        await service.recountReleasedCouponRedemptions(
          released.map((row) => ({ id: row.id, previous_state: row.previous_state }))
        )
        expect(await counters(promotion.id, coupon.id)).toEqual({
          coupon: { state: "used_fully", uses_count: 2, customers_count: 1, customers_exhausted: 1, amount_used: null },
          promotion: expect.objectContaining({ codes_used_fully: 1, customers_used: 1, customers_exhausted: 1 }),
        })
      })

      it("binds an unowned personal coupon to its first customer and takes it back when that use is released", async () => {
        const { promotion, coupon } = await setup({
          coupon_type: "personal",
          discount_type: "fixed",
          discount_value: 40,
          currency_code: "eur",
          usage_per_customer: "unlimited",
        })
        await reserve(coupon.id, "cart_1", "cus_1", "15")
        const bound = await service.retrieveCoupon(coupon.id)
        expect([bound.customer_id, bound.state, Number(bound.amount_used)]).toEqual(["cus_1", "used_partially", 15])
        await expect(reserve(coupon.id, "cart_2", "cus_2", "5")).rejects.toThrow(COUPON_MESSAGES.invalid_code)

        await service.releaseCouponRedemptions({ cart_id: "cart_1", states: ["reserved"], reason: "reservation_timeout" })
        const back = await service.retrieveCoupon(coupon.id)
        expect([back.customer_id, back.assigned_at, back.state, Number(back.amount_used)]).toEqual([
          null,
          null,
          "unassigned",
          0,
        ])
        expect((await counters(promotion.id, coupon.id)).promotion).toEqual(
          expect.objectContaining({ codes_unassigned: 1, codes_used_partially: 0, customers_used: 0 })
        )
      })

      it("counts a customer's uses across every code of a 'promotion' scope, by customer or by guest e-mail", async () => {
        const { promotion, coupon: first } = await setup({ per_customer_scope: "promotion", usage_per_customer: "one_order" })
        const [second] = await service.createCoupons([
          { code: `C${Math.random().toString(36).slice(2, 10).toUpperCase()}`, promotion_id: promotion.id, state: "unassigned" } as any,
        ])
        const reserveAs = (coupon_id: string, cart_id: string, customer_id: string | null, email: string | null) =>
          service.reserveCouponRedemptions({
            cart_id,
            customer_id,
            email,
            currency_code: "eur",
            cart: cart(null),
            coupons: [{ coupon_id, amount: "10", authenticated_customer_id: null }],
            now: NOW,
          })
        await reserveAs(first.id, "cart_1", "cus_guest_1", "Shopper@Example.com ")
        expect(await service.countCustomerPromotionUses({ promotion_ids: [promotion.id], customer_id: null, email: "shopper@example.com" }))
          .toEqual(new Map([[promotion.id, 1]]))
        // Another guest record with the same e-mail, on the other code: the same shopper.
        await expect(reserveAs(second.id, "cart_2", "cus_guest_2", "shopper@example.com")).rejects.toThrow(
          COUPON_MESSAGES.already_used
        )
        // The same customer record with another e-mail: still the same shopper.
        await expect(reserveAs(second.id, "cart_3", "cus_guest_1", "other@example.com")).rejects.toThrow(
          COUPON_MESSAGES.already_used
        )
        // The cart's own reservation never counts against it (an idempotent retry).
        expect(
          await service.countCustomerPromotionUses({
            promotion_ids: [promotion.id],
            customer_id: "cus_guest_1",
            email: null,
            except_cart_id: "cart_1",
          })
        ).toEqual(new Map())
        expect(await service.listCouponRedemptions({ coupon_id: second.id })).toEqual([])
        await service.releaseCouponRedemptions({ cart_id: "cart_1", states: ["reserved"], reason: "completion_failed" })
        await reserveAs(second.id, "cart_2", "cus_guest_2", "shopper@example.com")
      })

      it("moves orders_count and discount_used with every reserve, release and restore, and holds max_orders and the budget", async () => {
        const { promotion, coupon } = await setup({
          usage_per_customer: "unlimited",
          discount_type: "fixed",
          discount_value: 10,
          currency_code: "eur",
          max_orders: 3,
          budget: 25,
        })
        const totals = async () => {
          const row = await service.retrieveCouponPromotion(promotion.id)
          return { orders: (row as any).orders_count, used: (row as any).discount_used }
        }
        await reserve(coupon.id, "cart_1", "cus_1", "10")
        await reserve(coupon.id, "cart_2", "cus_2", "10")
        expect(await totals()).toEqual({ orders: 2, used: { eur: "20" } })
        // 5 left of the budget: a cart priced at 10 is out of date, one priced at what is left goes through.
        await expect(reserve(coupon.id, "cart_3", "cus_3", "10")).rejects.toThrow(REDEMPTION_MESSAGES.discount_out_of_date)
        await reserve(coupon.id, "cart_3", "cus_3", "5")
        expect(await totals()).toEqual({ orders: 3, used: { eur: "25" } })
        await expect(reserve(coupon.id, "cart_4", "cus_4", "1")).rejects.toThrow(COUPON_MESSAGES.expired)
        expect(await service.listCouponRedemptions({ cart_id: "cart_4" })).toEqual([])

        const released = await service.releaseCouponRedemptions({
          cart_id: "cart_1",
          states: ["reserved"],
          reason: "completion_failed",
        })
        expect(await totals()).toEqual({ orders: 2, used: { eur: "15" } })
        await service.recountReleasedCouponRedemptions(
          released.map((row) => ({ id: row.id, previous_state: row.previous_state }))
        )
        expect(await totals()).toEqual({ orders: 3, used: { eur: "25" } })
        expect((await service.checkCouponInvariants({ now: NOW })).problems).toEqual([])
      })

      it("lists reservations older than a moment as stale", async () => {
        const { coupon } = await setup({ usage_per_customer: "unlimited" })
        await reserve(coupon.id, "cart_1", "cus_1")
        expect(await service.listStaleCouponReservations({ before: NOW, limit: 10 })).toEqual([])
        expect(
          await service.listStaleCouponReservations({ before: new Date(NOW.getTime() + 1000), limit: 10 })
        ).toEqual([expect.objectContaining({ cart_id: "cart_1" })])
      })
    })
  },
})
