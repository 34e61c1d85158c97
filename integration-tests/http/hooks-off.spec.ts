// Read by medusa-config.ts when the app boots: the plugin option registerHooks: false.
process.env.COUPON_REGISTER_HOOKS = "false"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { refreshCartCoupons, restoreCartCoupons } from "../../src/workflows"
import { couponLines, createCheckoutCart, createCouponPromotion, seedDemoStoreBeforeEach } from "../helpers/checkout"

jest.setTimeout(240 * 1000)

// The app's own handler for the hook the plugin would otherwise hold, as README "Hooks" shows it. It is registered
// here, at import, before the app loads the plugin's hook files: Medusa takes one handler per hook ("Cannot define
// multiple hook handlers"), so had the plugin registered its own despite registerHooks: false, the app would not boot.
const appHandler = { calls: 0, contexts: [] as unknown[] }
updateCartPromotionsWorkflow.hooks.setPromotionContext(
  async ({ cart, action, promo_codes }, { container }) => {
    appHandler.calls++
    const myContext = { app: "own-context" }
    const { snapshot } = await refreshCartCoupons(container, {
      cart: cart as any,
      action,
      promo_codes,
      promotion_context: myContext,
    })
    return new StepResponse(myContext as any, { coupons: snapshot })
  },
  async (compensation: any, { container }) => {
    await restoreCartCoupons(container, compensation?.coupons)
  }
)

const SWEATER = 0 // 80.00
const SCARF = 1 // 25.00

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)

    describe("registerHooks: false", () => {
      it("leaves the cart hook to the app, whose own handler calling refreshCartCoupons keeps coupon discounts right", async () => {
        const { store, headers } = demo
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["OWNHOOK10"])
        const cart = await createCheckoutCart(api, store, headers, [{ product: SWEATER, quantity: 1 }])
        const before = appHandler.calls

        const applied = await api.post(`/store/carts/${cart.id}/coupons`, { code: "ownhook10" }, { headers })
        expect(applied.status).toBe(200)
        expect(couponLines(applied.data.cart, "OWNHOOK10")).toEqual({ [store.products[SWEATER].title]: 8 })
        expect(appHandler.calls).toBeGreaterThan(before)

        // A cart change runs the hook again: the new line is discounted too.
        const calls = appHandler.calls
        const added = await api.post(
          `/store/carts/${cart.id}/line-items`,
          { variant_id: store.products[SCARF].variantId, quantity: 2 },
          { headers }
        )
        expect(appHandler.calls).toBeGreaterThan(calls)
        expect(couponLines(added.data.cart, "OWNHOOK10")).toEqual({
          [store.products[SWEATER].title]: 8,
          [store.products[SCARF].title]: 5,
        })
      })
    })
  },
})
