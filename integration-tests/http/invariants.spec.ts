import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../src/modules/coupon"
import checkCouponInvariantsScript from "../../src/scripts/check-coupon-invariants"
import { createAdminHeaders } from "../helpers/auth"
import { createCouponPromotion, createNativePromotion, seedDemoStoreBeforeEach } from "../helpers/checkout"
import { eventually, prepareCheckoutCart } from "../helpers/redemption"

jest.setTimeout(240 * 1000)

// Demo store products (dev/demo-store.ts): the T-shirt costs 15.00.
const TSHIRT = 3

/**
 * The data check against Medusa's real order and cart tables (the module suite has none): an order placed through
 * the store routes agrees with the ledger, and each way the two can drift apart is reported by its kind.
 */
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    const service = () => getContainer().resolve(COUPON_MODULE)
    const sql = (query: string, bindings: unknown[] = []) =>
      getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(query, bindings)
    // Grace 0: the order placed a moment ago is judged too. `minutesLater` looks from the future instead of backdating
    // rows, which the app's own stale-reservation job (every minute) would settle meanwhile.
    const problems = async (minutesLater = 0) =>
      (
        await service().checkCouponInvariants({ graceMinutes: 0, now: new Date(Date.now() + minutesLater * 60_000) })
      ).problems.map(
        ({ kind, count, examples }: any) => ({ kind, count, examples })
      )

    it("an order placed with a coupon agrees with its redemption; every way they drift apart is reported", async () => {
      const container = getContainer()
      const { coupons } = await createCouponPromotion(
        container,
        { discount_value: 10, codes_total: 2, codes_unassigned: 2 },
        ["INVORDER1", "INVCART2"]
      )
      const cartId = await prepareCheckoutCart(container, demo.store, {
        email: "invariants@coupons.test",
        lines: [{ product: TSHIRT, quantity: 2 }],
        codes: ["INVORDER1"],
      })
      const completed = await api.post(`/store/carts/${cartId}/complete`, {}, { headers: demo.headers })
      expect(completed.data.type).toBe("order")
      const orderId = completed.data.order.id
      const [redemption] = await eventually(async () => {
        const rows = await service().listCouponRedemptions({ cart_id: cartId, state: "confirmed" })
        return rows.length ? rows : null
      })

      const report = await service().checkCouponInvariants({ graceMinutes: 0 })
      expect(report.checks.map((check: any) => [check.check, check.ran])).toEqual([
        ["counters", true],
        ["orders", true],
        ["reservations", true],
        ["codes", true],
        ["usage", true],
      ])
      expect(report.problems).toEqual([])
      // Left to the order.placed subscriber while younger than the default grace.
      await sql(`UPDATE coupon_redemption SET state = 'reserved' WHERE id = ?`, [redemption.id])
      expect((await service().checkCouponInvariants()).problems.map((p: any) => p.kind)).toEqual([])
      expect((await problems()).map((p) => p.kind)).toEqual(["order_without_redemption", "reservation_on_completed_cart"])

      // The ledger row released behind the order's back: the order keeps a discount nobody counts.
      await sql(`UPDATE coupon_redemption SET state = 'released' WHERE id = ?`, [redemption.id])
      // Neither the code's counters nor the promotion's totals (orders_count) follow a ledger row written behind them.
      const uncounted = [
        { kind: "coupon_customers", count: 1, examples: [coupons[0].id] },
        { kind: "coupon_uses", count: 1, examples: [coupons[0].id] },
        { kind: "promotion_totals", count: 1, examples: [coupons[0].promotion_id] },
      ]
      expect(await problems()).toEqual([
        { kind: "order_without_redemption", count: 1, examples: [`${orderId} INVORDER1`] },
        ...uncounted,
      ])

      // Confirmed for an order that does not exist.
      await sql(`UPDATE coupon_redemption SET state = 'confirmed', order_id = 'order_missing' WHERE id = ?`, [
        redemption.id,
      ])
      expect(await problems()).toEqual([
        { kind: "order_without_redemption", count: 1, examples: [`${orderId} INVORDER1`] },
        { kind: "redemption_order_missing", count: 1, examples: [redemption.id] },
      ])

      // The order lost the coupon's adjustments.
      await sql(`UPDATE coupon_redemption SET order_id = ? WHERE id = ?`, [orderId, redemption.id])
      await sql(`UPDATE order_line_item_adjustment SET deleted_at = now() WHERE provider_id = 'coupon-batches'`)
      expect(await problems()).toEqual([{ kind: "redemption_without_adjustment", count: 1, examples: [redemption.id] }])
      await sql(`UPDATE order_line_item_adjustment SET deleted_at = NULL WHERE provider_id = 'coupon-batches'`)

      // Two confirmed uses of one code for one order.
      await service().createCouponRedemptions({
        id: "credeem_twin",
        coupon_id: coupons[0].id,
        promotion_id: coupons[0].promotion_id,
        cart_id: "cart_twin",
        order_id: orderId,
        state: "confirmed",
        amount: 3,
        currency_code: "eur",
        reserved_at: new Date(),
        confirmed_at: new Date(),
      } as any)
      expect(await problems()).toEqual([
        { kind: "order_redeemed_twice", count: 1, examples: [`${orderId} INVORDER1`] },
        ...uncounted,
      ])
      await sql(`DELETE FROM coupon_redemption WHERE id = 'credeem_twin'`)

      // Canceled without its order.canceled being handled: the use was never given back.
      const [{ status }] = (await sql(`SELECT status FROM "order" WHERE id = ?`, [orderId])).rows
      await sql(`UPDATE "order" SET status = 'canceled', canceled_at = now() - interval '1 minute' WHERE id = ?`, [orderId])
      expect(await problems()).toEqual([{ kind: "redemption_order_canceled", count: 1, examples: [redemption.id] }])
      await sql(`UPDATE "order" SET status = ?, canceled_at = NULL WHERE id = ?`, [status, orderId])
      expect(await problems()).toEqual([])

      // A real cancellation releases the redemption: nothing to report.
      const admin = (await createAdminHeaders(container)).headers
      expect((await api.post(`/admin/orders/${orderId}/cancel`, {}, { headers: admin })).status).toBe(200)
      await eventually(async () => (await service().retrieveCoupon(coupons[0].id)).uses_count === 0)
      expect(await problems()).toEqual([])

      // A reservation on a live cart, which the job has not settled 30 minutes on; then that cart deleted.
      const openCart = await prepareCheckoutCart(container, demo.store, {
        email: "open@coupons.test",
        lines: [{ product: TSHIRT, quantity: 1 }],
        codes: ["INVCART2"],
      })
      const { redemptions } = await service().reserveCouponRedemptions({
        cart_id: openCart,
        customer_id: null,
        currency_code: "eur",
        cart: { currency_code: "eur", customer_id: null, items: [{ id: "item_1", subtotal: 15 }] },
        coupons: [{ coupon_id: coupons[1].id, amount: "1.5", authenticated_customer_id: null }],
        now: new Date(),
      })
      expect(await problems()).toEqual([])
      expect(await problems(30)).toEqual([{ kind: "stale_reservation", count: 1, examples: [redemptions[0].id] }])
      await sql(`UPDATE cart SET deleted_at = now() WHERE id = ?`, [openCart])
      await createNativePromotion(container, "invcart2", 10)
      expect(await problems(30)).toEqual([
        { kind: "reservation_without_cart", count: 1, examples: [redemptions[0].id] },
        { kind: "stale_reservation", count: 1, examples: [redemptions[0].id] },
        { kind: "code_is_medusa_promotion", count: 1, examples: ["INVCART2"] },
      ])
    })

    it("the exec script prints the report, repairs counters with `fix`, checks again and sets the exit code", async () => {
      const container = getContainer()
      const { promotion } = await createCouponPromotion(container, { codes_total: 2, codes_unassigned: 2 }, ["INVFIX1", "INVFIX2"])
      await sql(`UPDATE coupon_promotion SET codes_total = 5, codes_unassigned = 0 WHERE id = ?`, [promotion.id])
      const run = async (args: string[]) => {
        const out: string[] = []
        const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: any) => {
          out.push(String(chunk))
          return true
        })
        try {
          await checkCouponInvariantsScript({ container, args })
        } finally {
          write.mockRestore()
        }
        const exitCode = process.exitCode
        process.exitCode = 0
        // Only the report's own lines: the app's jobs may log meanwhile.
        const report = /^( {2}(ok|FAIL|skip|coupon_promotion) |Repair: |Check after|No problems|\d+ kind)/
        return { exitCode, lines: out.join("").split("\n").filter((line) => report.test(line)) }
      }
      const fail = `  FAIL  promotion_counters (1): coupon promotions whose counters differ from their codes [codes_total, codes_unassigned]; e.g. ${promotion.id}`
      const rest = [
        "  ok    orders: every order with a coupon discount has one confirmed redemption per code, and back",
        "  ok    reservations: no reservation without a live cart or past the timeout",
        "  ok    codes: codes unique once normalized, stored normalized, no live Medusa promotion code",
        "  ok    usage: each code's uses, customers and balance equal its live redemptions",
      ]
      expect(await run([])).toEqual({
        exitCode: 1,
        lines: [fail, ...rest, "1 kind(s) of problem found. Run with `fix` to repair: promotion_counters."],
      })
      expect(await run(["fix"])).toEqual({
        exitCode: 0,
        lines: [
          fail,
          ...rest,
          "1 kind(s) of problem found. Run with `fix` to repair: promotion_counters.",
          "Repair: 2 counter(s) on 1 row(s) set from their codes, in one transaction:",
          `  coupon_promotion ${promotion.id} codes_total: 5 -> 2`,
          `  coupon_promotion ${promotion.id} codes_unassigned: 0 -> 2`,
          "Check after the repair:",
          "  ok    counters: promotion and batch counters equal their codes per state",
          ...rest,
          "No problems found.",
        ],
      })
    })
  },
})
