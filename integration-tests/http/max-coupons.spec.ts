// Read by medusa-config.ts when the app boots: the module option maxCouponsPerCart. Set at import, as
// hooks-off.spec.ts does: the runner loads medusa-config.ts before it applies its own `env` option.
process.env.COUPON_MAX_COUPONS_PER_CART = "2"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from "../../src/modules/coupon"
import {
  couponLines,
  createCheckoutCart,
  createCouponPromotion,
  createNativePromotion,
  seedDemoStoreBeforeEach,
} from "../helpers/checkout"
import { expectRefusal, settle } from "../helpers/limits"

jest.setTimeout(240 * 1000)

// Issue 16: the store-wide limit of coupons per cart (module option maxCouponsPerCart, here 2).
const SWEATER = 0 // 80.00
const SCARF = 1 // 25.00

medusaIntegrationTestRunner({
  inApp: true,
  env: { COUPON_MAX_COUPONS_PER_CART: "2" },
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)

    const post = (url: string, body: unknown) => settle(api.post(url, body, { headers: demo.headers }))
    const apply = (cartId: string, code: string) => post(`/store/carts/${cartId}/coupons`, { code })
    const getCart = async (cartId: string) => (await api.get(`/store/carts/${cartId}`, { headers: demo.headers })).data.cart
    const appliedCodes = (cartId: string) =>
      getContainer()
        .resolve(COUPON_MODULE)
        .listCouponCartCodes({ cart_id: cartId })
        .then((rows: any[]) => rows.map((row) => row.code).sort())
    const tooMany = (res: any) =>
      expectRefusal(res, "coupon_too_many", "An order can use at most 2 coupons", { max_coupons: 2 })
    // Sweater ×1 + scarf ×2 = 130.00 net.
    const standardCart = () =>
      createCheckoutCart(api, demo.store, demo.headers, [
        { product: SWEATER, quantity: 1 },
        { product: SCARF, quantity: 2 },
      ])

    it("a third coupon is refused with coupon_too_many on every path and the cart keeps its two; native codes do not count", async () => {
      const container = getContainer()
      await createCouponPromotion(container, { discount_value: 10 }, ["FIRST10A"])
      await createCouponPromotion(container, { discount_type: "fixed", discount_value: 5, currency_code: "eur" }, ["SECOND5A"])
      await createCouponPromotion(container, { discount_type: "fixed", discount_value: 5, currency_code: "eur" }, ["THIRD5AB"])
      await createNativePromotion(container, "NATIVE20", 20)

      const cart = await standardCart()
      expect((await apply(cart.id, "FIRST10A")).status).toBe(200)
      expect((await apply(cart.id, "SECOND5A")).status).toBe(200)
      tooMany(await apply(cart.id, "THIRD5AB"))
      tooMany(await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["THIRD5AB"] }))
      tooMany(await post(`/store/carts/${cart.id}`, { promo_codes: ["FIRST10A", "SECOND5A", "THIRD5AB"] }))
      const after = await getCart(cart.id)
      expect(await appliedCodes(cart.id)).toEqual(["FIRST10A", "SECOND5A"])
      expect(after.promotions.map((p: any) => p.code).sort()).toEqual(["FIRST10A", "SECOND5A"])
      expect(couponLines(after, "FIRST10A")).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
      expect(couponLines(after, "THIRD5AB")).toEqual({})

      // A native Medusa promotion is not a coupon.
      const native = await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["NATIVE20"] })
      expect(native.status).toBe(200)
      expect(native.data.cart.promotions.map((p: any) => p.code).sort()).toEqual(["FIRST10A", "NATIVE20", "SECOND5A"])

      // Taking one off frees the place.
      expect((await settle(api.delete(`/store/carts/${cart.id}/coupons/SECOND5A`, { headers: demo.headers }))).status).toBe(200)
      expect((await apply(cart.id, "THIRD5AB")).status).toBe(200)
      expect(await appliedCodes(cart.id)).toEqual(["FIRST10A", "THIRD5AB"])

      // Three at once on an empty cart: refused as a whole, nothing applied.
      const fresh = await standardCart()
      tooMany(await post(`/store/carts/${fresh.id}/promotions`, { promo_codes: ["FIRST10A", "SECOND5A", "THIRD5AB"] }))
      expect(await appliedCodes(fresh.id)).toEqual([])
      expect(couponLines(await getCart(fresh.id))).toEqual({})
    })
  },
})
