import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { createAdminHeaders } from "../helpers/auth"
import {
  couponLines,
  createCheckoutCart,
  createNativePromotion,
  nativeLines,
  seedDemoStoreBeforeEach,
  totals,
} from "../helpers/checkout"
import {
  createPromotionThroughAdmin,
  createTargetedNativePromotion,
  ensurePayment,
  expectRefusal,
  settle,
} from "../helpers/limits"

jest.setTimeout(240 * 1000)

// Issue 16: which codes may share a cart (combinable_with_coupons, combinable_with_native), no line or total below
// zero, and exclusions. The store-wide maxCouponsPerCart is in max-coupons.spec.ts.
// Demo store products (dev/demo-store.ts), EUR, 20% VAT in DE, shipping 5.00 net.
const SWEATER = 0 // 80.00, collection Winter
const SCARF = 1 // 25.00, collection Winter, category Accessories
const BELT = 2 // 40.00, category Accessories
const TSHIRT = 3 // 15.00, neither

const notCombinable = (code: string) => ({
  code: "coupon_not_combinable",
  message: `This code cannot be combined with ${code}`,
  details: { conflicting_code: code },
})

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    let admin: { headers: Record<string, string> }
    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    const post = (url: string, body: unknown) => settle(api.post(url, body, { headers: demo.headers }))
    const apply = (cartId: string, code: string) => post(`/store/carts/${cartId}/coupons`, { code })
    const addPromoCodes = (cartId: string, promo_codes: string[]) => post(`/store/carts/${cartId}/promotions`, { promo_codes })
    const getCart = async (cartId: string) => (await api.get(`/store/carts/${cartId}`, { headers: demo.headers })).data.cart
    const codesOf = (cart: any) => cart.promotions.map((p: any) => p.code).sort()
    const appliedCodes = (cartId: string) =>
      getContainer()
        .resolve(COUPON_MODULE)
        .listCouponCartCodes({ cart_id: cartId })
        .then((rows: any[]) => rows.map((row) => row.code).sort())
    const refused = (res: any, conflicting: string) => {
      const expected = notCombinable(conflicting)
      expectRefusal(res, expected.code, expected.message, expected.details)
    }
    // Sweater ×1 + scarf ×2 = 130.00 net.
    const standardCart = () =>
      createCheckoutCart(api, demo.store, demo.headers, [
        { product: SWEATER, quantity: 1 },
        { product: SCARF, quantity: 2 },
      ])
    const lineId = (cart: any, product: number) =>
      cart.items.find((item: any) => item.variant_id === demo.store.products[product].variantId).id
    const create = (body: Record<string, unknown>, codes: string[]) =>
      createPromotionThroughAdmin(api, getContainer(), admin, body, codes)

    describe("combinable_with_coupons", () => {
      it("false: the code added later is refused naming the one on the cart, whichever comes first, on every path; the cart is unchanged", async () => {
        const { promotion } = await create({ discount_value: 10, combinable_with_coupons: false }, ["ALONE10A"])
        expect([promotion.combinable_with_coupons, promotion.combinable_with_native]).toEqual([false, true])
        await create({ discount_type: "fixed", discount_value: 5 }, ["FIVEOFF2"])

        const cart = await standardCart()
        expect(couponLines((await apply(cart.id, "ALONE10A")).data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        refused(await apply(cart.id, "FIVEOFF2"), "ALONE10A")
        refused(await addPromoCodes(cart.id, ["FIVEOFF2"]), "ALONE10A")
        refused(await post(`/store/carts/${cart.id}`, { promo_codes: ["ALONE10A", "FIVEOFF2"] }), "ALONE10A")
        const after = await getCart(cart.id)
        expect(couponLines(after, "ALONE10A")).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        expect(couponLines(after, "FIVEOFF2")).toEqual({})
        expect(codesOf(after)).toEqual(["ALONE10A"])
        expect(totals(after).discount_subtotal).toBe(13)
        expect(await appliedCodes(cart.id)).toEqual(["ALONE10A"])

        // The other way round: the combinable code is on the cart, the non-combinable one is refused naming it.
        const other = await standardCart()
        expect(couponLines((await apply(other.id, "FIVEOFF2")).data.cart)).toEqual({ "Wool Sweater": 3.08, "Knit Scarf": 1.92 })
        refused(await apply(other.id, "ALONE10A"), "FIVEOFF2")
        expect(await appliedCodes(other.id)).toEqual(["FIVEOFF2"])
        expect(couponLines(await getCart(other.id))).toEqual({ "Wool Sweater": 3.08, "Knit Scarf": 1.92 })
      })
    })

    describe("combinable_with_native", () => {
      it("false: refused after a native code, and a native code is refused after it (naming the coupon); the cart is unchanged", async () => {
        await createNativePromotion(getContainer(), "NATIVE20", 20)
        await create({ discount_value: 10, combinable_with_native: false }, ["NONATIVE"])

        const nativeFirst = await standardCart()
        expect((await addPromoCodes(nativeFirst.id, ["NATIVE20"])).status).toBe(200)
        refused(await apply(nativeFirst.id, "NONATIVE"), "NATIVE20")
        refused(await addPromoCodes(nativeFirst.id, ["NONATIVE"]), "NATIVE20")
        let after = await getCart(nativeFirst.id)
        expect(codesOf(after)).toEqual(["NATIVE20"])
        expect(nativeLines(after, "NATIVE20")).toEqual({ "Wool Sweater": 16, "Knit Scarf": 10 })
        expect(couponLines(after)).toEqual({})
        expect(await appliedCodes(nativeFirst.id)).toEqual([])

        const couponFirst = await standardCart()
        expect((await apply(couponFirst.id, "NONATIVE")).status).toBe(200)
        refused(await addPromoCodes(couponFirst.id, ["NATIVE20"]), "NONATIVE")
        refused(await post(`/store/carts/${couponFirst.id}`, { promo_codes: ["NONATIVE", "NATIVE20"] }), "NONATIVE")
        after = await getCart(couponFirst.id)
        expect(codesOf(after)).toEqual(["NONATIVE"])
        expect(nativeLines(after, "NATIVE20")).toEqual({})
        expect(couponLines(after)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        expect(totals(after).discount_subtotal).toBe(13)
        expect(await appliedCodes(couponFirst.id)).toEqual(["NONATIVE"])
      })

      it("both combinable (defaults): native 50% + a 200.00 coupon take the items to zero, never below; the order total is shipping + its tax", async () => {
        const container = getContainer()
        await createNativePromotion(container, "HALFOFF50", 50)
        await create({ discount_type: "fixed", discount_value: 200 }, ["BIG200AB"])
        const cart = await standardCart()
        expect((await addPromoCodes(cart.id, ["HALFOFF50"])).status).toBe(200)
        let res = await apply(cart.id, "BIG200AB")
        expect(res.status).toBe(200)
        // Every line: its discounts (native + coupon) at most its price, its total (after discounts, with tax) ≥ 0.
        const noneBelowZero = async () => {
          const c = (await api.get(`/store/carts/${cart.id}?fields=+items.total`, { headers: demo.headers })).data.cart
          for (const item of c.items) {
            const discounted = item.adjustments.reduce((sum: number, a: any) => sum + Math.round(Number(a.amount) * 100), 0)
            expect(discounted).toBeLessThanOrEqual(Math.round(Number(item.unit_price) * 100) * item.quantity)
            expect(Number(item.total)).toBeGreaterThanOrEqual(0)
          }
        }
        expect(nativeLines(res.data.cart, "HALFOFF50")).toEqual({ "Wool Sweater": 40, "Knit Scarf": 25 })
        // The coupon takes only what the native promotion left.
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 40, "Knit Scarf": 25 })
        await noneBelowZero()
        expect(totals(res.data.cart)).toEqual({
          item_subtotal: 130,
          discount_subtotal: 130,
          discount_total: 156,
          item_total: 0,
          shipping_total: 6,
          tax_total: 1,
          total: 6,
        })
        // Four scarves: the native half moves, the coupon follows, still exactly zero.
        res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SCARF)}`, { quantity: 4 })
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 40, "Knit Scarf": 50 })
        await noneBelowZero()
        expect([totals(res.data.cart).item_total, totals(res.data.cart).total]).toEqual([0, 6])

        await ensurePayment(container, cart.id)
        const completed = await post(`/store/carts/${cart.id}/complete`, {})
        expect([completed.status, completed.data.type]).toEqual([200, "order"])
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const {
          data: [order],
        } = await query.graph({
          entity: "order",
          fields: ["total", "item_total", "shipping_total", "tax_total", "items.total"],
          filters: { id: completed.data.order.id },
        })
        expect([Number(order.total), Number(order.item_total), Number(order.shipping_total), Number(order.tax_total)]).toEqual([
          6, 0, 6, 1,
        ])
        for (const item of (order as any).items) {
          expect(Number(item.total)).toBeGreaterThanOrEqual(0)
        }
      })
    })

    describe("exclusions", () => {
      it("excluded products get nothing and do not count toward min_purchase (the missing amount is computed without them)", async () => {
        const { promotion } = await create(
          { discount_value: 10, min_purchase: 60, excluded_product_ids: [demo.store.products[SWEATER].id] },
          ["NOSWEAT1"]
        )
        expect(promotion.excluded_product_ids).toEqual([demo.store.products[SWEATER].id])
        const cart = await standardCart()
        // 130 in the cart, but only the scarves (50) count.
        expectRefusal(await apply(cart.id, "NOSWEAT1"), "coupon_min_purchase", "Add 10.00 EUR more to use this coupon", {
          min_purchase: 60,
          eligible_subtotal: 50,
          missing_amount: 10,
          currency_code: "EUR",
        })
        expect(await appliedCodes(cart.id)).toEqual([])
        await post(`/store/carts/${cart.id}/line-items`, { variant_id: demo.store.products[TSHIRT].variantId, quantity: 1 })
        const res = await apply(cart.id, "NOSWEAT1")
        expect(res.status).toBe(200)
        expect(couponLines(res.data.cart)).toEqual({ "Knit Scarf": 5, "Cotton T-Shirt": 1.5 })
      })

      it("excluded collections and categories get nothing, even when the promotion targets them", async () => {
        await create({ discount_value: 10, excluded_collection_ids: [demo.store.collectionId] }, ["NOWINTER"])
        await create({ discount_value: 10, excluded_category_ids: [demo.store.categoryId] }, ["NOACCESS"])
        await create(
          {
            discount_value: 10,
            applies_to: "specific",
            target_collection_ids: [demo.store.collectionId],
            excluded_product_ids: [demo.store.products[SCARF].id],
          },
          ["WINTERNS"]
        )
        const everything = [
          { product: SWEATER, quantity: 1 },
          { product: SCARF, quantity: 1 },
          { product: BELT, quantity: 1 },
          { product: TSHIRT, quantity: 1 },
        ]
        const lines = async (code: string) => {
          const cart = await createCheckoutCart(api, demo.store, demo.headers, everything)
          return couponLines((await apply(cart.id, code)).data.cart)
        }
        expect(await lines("NOWINTER")).toEqual({ "Leather Belt": 4, "Cotton T-Shirt": 1.5 })
        expect(await lines("NOACCESS")).toEqual({ "Wool Sweater": 8, "Cotton T-Shirt": 1.5 })
        expect(await lines("WINTERNS")).toEqual({ "Wool Sweater": 8 })
      })

      it("exclude_discounted_lines: a line carrying a native promotion gets no coupon share, whichever came first", async () => {
        await createTargetedNativePromotion(getContainer(), "SWEATER20", 20, [demo.store.products[SWEATER].id])
        await create({ discount_value: 10, exclude_discounted_lines: true }, ["FULLPRIC"])
        await create({ discount_value: 10, exclude_discounted_lines: true, min_purchase: 60 }, ["FULLMIN6"])

        const nativeFirst = await standardCart()
        expect(nativeLines((await addPromoCodes(nativeFirst.id, ["SWEATER20"])).data.cart, "SWEATER20")).toEqual({
          "Wool Sweater": 16,
        })
        expect(couponLines((await apply(nativeFirst.id, "FULLPRIC")).data.cart)).toEqual({ "Knit Scarf": 5 })
        // The discounted sweater does not count toward the minimum either.
        expectRefusal(await apply(nativeFirst.id, "FULLMIN6"), "coupon_min_purchase", "Add 10.00 EUR more to use this coupon", {
          min_purchase: 60,
          eligible_subtotal: 50,
          missing_amount: 10,
          currency_code: "EUR",
        })
        expect(await appliedCodes(nativeFirst.id)).toEqual(["FULLPRIC"])

        const couponFirst = await standardCart()
        expect(couponLines((await apply(couponFirst.id, "FULLPRIC")).data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        let res = await addPromoCodes(couponFirst.id, ["SWEATER20"])
        expect(nativeLines(res.data.cart, "SWEATER20")).toEqual({ "Wool Sweater": 16 })
        expect(couponLines(res.data.cart)).toEqual({ "Knit Scarf": 5 })
        // The native promotion leaves: the sweater is full price again and gets its share back.
        res = await settle(
          api.delete(`/store/carts/${couponFirst.id}/promotions`, { headers: demo.headers, data: { promo_codes: ["SWEATER20"] } })
        )
        expect(res.status).toBe(200)
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
      })
    })
  },
})
