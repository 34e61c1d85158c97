import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createRegionsWorkflow } from "@medusajs/medusa/core-flows"
import { DemoStore, seedDemoStore } from "../../dev/demo-store"
import { COUPON_MESSAGES } from "../../src/engine/eligibility"
import { DEFAULT_REFUSAL_MESSAGES } from "../../src/engine/refusals"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { createAdminHeaders, createCustomerHeaders } from "../helpers/auth"
import {
  couponLines,
  createCheckoutCart,
  createCouponPromotion,
  createNativePromotion,
  nativeLines,
  totals,
} from "../helpers/checkout"

jest.setTimeout(240 * 1000)

// Demo store products (dev/demo-store.ts), EUR, 20% VAT in DE, shipping 5.00 net.
const SWEATER = 0 // 80.00, collection Winter
const SCARF = 1 // 25.00, collection Winter, category Accessories
const BELT = 2 // 40.00, category Accessories
const TSHIRT = 3 // 15.00, neither

const HOUR = 3600 * 1000

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

    const call = (method: "post" | "get" | "delete", url: string, body?: unknown, h = headers) =>
      (method === "post" ? api.post(url, body, { headers: h }) : api[method](url, { headers: h })).catch(
        (e: any) => e.response
      )
    const post = (url: string, body: unknown, h = headers) => call("post", url, body, h)
    const apply = (cartId: string, code: string, h = headers) => post(`/store/carts/${cartId}/coupons`, { code }, h)
    const getCart = async (cartId: string) => (await call("get", `/store/carts/${cartId}`)).data.cart
    // Sweater ×1 + scarf ×2 = 130.00 net, shipped to DE.
    const standardCart = (h = headers, options: { shipping?: boolean } = {}) =>
      createCheckoutCart(
        api,
        store,
        h,
        [
          { product: SWEATER, quantity: 1 },
          { product: SCARF, quantity: 2 },
        ],
        options
      )
    const lineId = (cart: any, product: number) =>
      cart.items.find((item: any) => item.variant_id === store.products[product].variantId).id
    const customer = async (email: string) => {
      const customerModule = getContainer().resolve(Modules.CUSTOMER)
      const created = await customerModule.createCustomers({ email, has_account: true, first_name: "Kim" })
      return { ...created, headers: (await createCustomerHeaders(getContainer(), created, { headers })).headers }
    }
    // Machine code of each English text; a promotion's own inactive message is coupon_inactive too.
    const codeOf = (message: string) =>
      Object.entries(DEFAULT_REFUSAL_MESSAGES).find(([, text]) => text === message)?.[0] ??
      (/^Add .* more to use this coupon$/.test(message) ? "coupon_min_purchase" : "coupon_inactive")
    const refusal = (message: string, details?: Record<string, unknown>) => ({
      status: 400,
      data: { type: "not_allowed", code: codeOf(message), message, ...(details ? { details } : {}) },
    })
    const expectRefused = (res: any, message: string, details?: Record<string, unknown>) =>
      expect({ status: res.status, data: res.data }).toEqual(refusal(message, details))
    const appliedCodes = (cartId: string) =>
      getContainer()
        .resolve(COUPON_MODULE)
        .listCouponCartCodes({ cart_id: cartId })
        .then((rows: any[]) => rows.map((row) => row.code).sort())

    describe("POST /store/carts/:id/coupons", () => {
      it("applies a percentage coupon as pre-tax line adjustments naming the code; tax on the discounted price, shipping untouched", async () => {
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        const cart = await standardCart()
        expect(totals(cart)).toEqual({
          item_subtotal: 130,
          discount_subtotal: 0,
          discount_total: 0,
          item_total: 156,
          shipping_total: 6,
          tax_total: 27,
          total: 162,
        })

        const res = await apply(cart.id, " save10ab ")
        expect(res.status).toBe(200)
        const adjustments = res.data.cart.items.flatMap((item: any) => item.adjustments)
        expect(adjustments).toHaveLength(2)
        for (const adjustment of adjustments) {
          expect(adjustment).toEqual(
            expect.objectContaining({
              code: null,
              description: "Coupon SAVE10AB",
              provider_id: "coupon-batches",
              is_tax_inclusive: false,
            })
          )
        }
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        expect(totals(res.data.cart)).toEqual({
          item_subtotal: 130,
          discount_subtotal: 13,
          discount_total: 15.6,
          item_total: 140.4,
          shipping_total: 6,
          tax_total: 24.4,
          total: 146.4,
        })
        // Re-applying is a no-op; GET shows the same discount with its description.
        expect((await apply(cart.id, "SAVE10AB")).status).toBe(200)
        const again = await getCart(cart.id)
        expect(couponLines(again, "SAVE10AB")).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        expect(await appliedCodes(cart.id)).toEqual(["SAVE10AB"])
      })

      it("spreads a fixed discount over the lines without losing or inventing a cent", async () => {
        await createCouponPromotion(
          getContainer(),
          { discount_type: "fixed", discount_value: 10, currency_code: "eur" },
          ["FIXED10A"]
        )
        const cart = await standardCart()
        const res = await apply(cart.id, "FIXED10A")
        expect(res.status).toBe(200)
        // 10 × 80/130 = 6.1538…, 10 × 50/130 = 3.846…
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 6.15, "Knit Scarf": 3.85 })
        expect(totals(res.data.cart)).toEqual({
          item_subtotal: 130,
          discount_subtotal: 10,
          discount_total: 12,
          item_total: 144,
          shipping_total: 6,
          tax_total: 25,
          total: 150,
        })
      })

      it("targets products, collections and categories live: a product moved into the collection later is discounted", async () => {
        const container = getContainer()
        await createCouponPromotion(
          container,
          { applies_to: "specific", target_collection_ids: [store.collectionId] },
          ["WINTER10"]
        )
        await createCouponPromotion(
          container,
          { applies_to: "specific", target_category_ids: [store.categoryId] },
          ["ACCESS10"]
        )
        await createCouponPromotion(
          container,
          { applies_to: "specific", target_product_ids: [store.products[TSHIRT].id] },
          ["SHIRT10A"]
        )
        const cart = await createCheckoutCart(api, store, headers, [
          { product: SWEATER, quantity: 1 },
          { product: BELT, quantity: 1 },
          { product: TSHIRT, quantity: 1 },
        ])
        let res = await apply(cart.id, "WINTER10")
        expect(couponLines(res.data.cart, "WINTER10")).toEqual({ "Wool Sweater": 8 })
        res = await apply(cart.id, "ACCESS10")
        expect(couponLines(res.data.cart, "ACCESS10")).toEqual({ "Leather Belt": 4 })
        res = await apply(cart.id, "SHIRT10A")
        expect(couponLines(res.data.cart, "SHIRT10A")).toEqual({ "Cotton T-Shirt": 1.5 })

        // The T-shirt joins the Winter collection after the promotion was made; the next cart change picks it up.
        await container.resolve(Modules.PRODUCT).updateProducts(store.products[TSHIRT].id, {
          collection_id: store.collectionId,
        })
        res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, BELT)}`, { quantity: 2 })
        expect(couponLines(res.data.cart, "WINTER10")).toEqual({ "Wool Sweater": 8, "Cotton T-Shirt": 1.5 })
        expect(couponLines(res.data.cart, "ACCESS10")).toEqual({ "Leather Belt": 8 })
        // Stacked: the T-shirt's 10% product coupon is computed on what WINTER10 (older) left: 13.50 → 1.35.
        expect(couponLines(res.data.cart, "SHIRT10A")).toEqual({ "Cotton T-Shirt": 1.35 })
      })

      it("checks the minimum purchase on the pre-tax subtotal of the targeted products and names the missing amount", async () => {
        await createCouponPromotion(getContainer(), { min_purchase: 150, currency_code: "eur" }, ["MIN150AB"])
        await createCouponPromotion(
          getContainer(),
          { min_purchase: 60, currency_code: "eur", applies_to: "specific", target_category_ids: [store.categoryId] },
          ["MINACC60"]
        )
        const cart = await standardCart()
        // 130 net (the 27 of tax and the shipping do not count).
        expectRefused(await apply(cart.id, "MIN150AB"), "Add 20.00 EUR more to use this coupon", {
          min_purchase: 150,
          eligible_subtotal: 130,
          missing_amount: 20,
          currency_code: "EUR",
        })
        // Only the scarves (50) are in Accessories.
        expectRefused(await apply(cart.id, "MINACC60"), "Add 10.00 EUR more to use this coupon", {
          min_purchase: 60,
          eligible_subtotal: 50,
          missing_amount: 10,
          currency_code: "EUR",
        })
        expect(await appliedCodes(cart.id)).toEqual([])

        let res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SCARF)}`, { quantity: 3 })
        res = await apply(cart.id, "MINACC60")
        expect(res.status).toBe(200)
        expect(couponLines(res.data.cart)).toEqual({ "Knit Scarf": 7.5 })
        // Falling under the minimum again keeps the code but drops the discount; it comes back with the cart.
        res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SCARF)}`, { quantity: 2 })
        expect(couponLines(res.data.cart)).toEqual({})
        expect(await appliedCodes(cart.id)).toEqual(["MINACC60"])
        res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SCARF)}`, { quantity: 4 })
        expect(couponLines(res.data.cart)).toEqual({ "Knit Scarf": 10 })
      })

      it("personal coupons: owner logged in on the cart; anyone else, guests included, reads 'invalid'; balance caps the discount", async () => {
        const owner = await customer("owner@coupons.test")
        const other = await customer("other@coupons.test")
        await createCouponPromotion(
          getContainer(),
          { coupon_type: "personal", discount_type: "fixed", discount_value: 50, currency_code: "eur" },
          [{ code: "GIFT50AB", customer_id: owner.id, state: "used_partially", uses_count: 0, amount_used: 45 }]
        )
        const guestCart = await standardCart()
        expectRefused(await apply(guestCart.id, "GIFT50AB"), COUPON_MESSAGES.invalid_code)
        const otherCart = await standardCart(other.headers)
        expect(otherCart.customer.id).toBe(other.id)
        const notYours = await apply(otherCart.id, "GIFT50AB", other.headers)
        const unknown = await apply(otherCart.id, "NOSUCHCODE", other.headers)
        expectRefused(notYours, COUPON_MESSAGES.invalid_code)
        expect({ status: unknown.status, data: unknown.data }).toEqual({ status: notYours.status, data: notYours.data })

        const ownerCart = await standardCart(owner.headers)
        const res = await apply(ownerCart.id, "GIFT50AB", owner.headers)
        expect(res.status).toBe(200)
        // 50 − 45 used = 5 left, spread 80:50.
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 3.08, "Knit Scarf": 1.92 })
        expect(totals(res.data.cart).discount_subtotal).toBe(5)
      })

      it("stacks with a native percentage promotion and never takes a line below zero, whichever comes first", async () => {
        await createNativePromotion(getContainer(), "NATIVE90", 90)
        await createCouponPromotion(
          getContainer(),
          { discount_type: "fixed", discount_value: 100, currency_code: "eur" },
          ["BIG100AB"]
        )
        const cart = await standardCart()
        let res = await apply(cart.id, "BIG100AB")
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 61.54, "Knit Scarf": 38.46 })
        res = await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["NATIVE90"] })
        expect(res.status).toBe(200)
        expect(nativeLines(res.data.cart, "NATIVE90")).toEqual({ "Wool Sweater": 72, "Knit Scarf": 45 })
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        expect(totals(res.data.cart)).toEqual({
          item_subtotal: 130,
          discount_subtotal: 130,
          discount_total: 156,
          item_total: 0,
          shipping_total: 6,
          tax_total: 1,
          total: 6,
        })
        // A quantity change moves the native amounts; the coupon is capped against the new ones, not the old.
        res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SCARF)}`, { quantity: 4 })
        expect(nativeLines(res.data.cart, "NATIVE90")).toEqual({ "Wool Sweater": 72, "Knit Scarf": 90 })
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 10 })
        expect(totals(res.data.cart).item_total).toBe(0)
      })
    })

    describe("refusals", () => {
      it("gives each known-but-unusable code its own message, and nothing is applied", async () => {
        const container = getContainer()
        const past = new Date(Date.now() - 24 * HOUR)
        const future = new Date(Date.now() + 24 * HOUR)
        await createCouponPromotion(container, { status: "inactive", inactive_message: "Back next week!" }, ["INACTIVE"])
        await createCouponPromotion(container, { status: "inactive" }, ["INACTDEF"])
        await createCouponPromotion(container, { starts_at: future }, ["LATERAB2"])
        await createCouponPromotion(container, { starts_at: new Date(past.getTime() - HOUR), ends_at: past }, ["EXPIRED2"])
        await createCouponPromotion(container, {}, [{ code: "USEDUP22", state: "used_fully", uses_count: 1 }])
        await createCouponPromotion(
          container,
          { usage_per_code: "first_customers", usage_per_code_limit: 1 },
          [{ code: "FIRSTONE", customers_count: 1, uses_count: 1, state: "used_partially" }]
        )
        await createCouponPromotion(container, { sales_channel_id: "sc_some_other_store" }, ["OTHERSTO"])
        await createCouponPromotion(
          container,
          { discount_type: "fixed", discount_value: 5, currency_code: "usd" },
          ["DOLLARS5"]
        )
        await createCouponPromotion(
          container,
          { applies_to: "specific", target_product_ids: [store.products[BELT].id] },
          ["BELTONLY"]
        )
        const cart = await standardCart()
        expectRefused(await apply(cart.id, "INACTIVE"), "Back next week!")
        expectRefused(await apply(cart.id, "INACTDEF"), COUPON_MESSAGES.inactive_default)
        expectRefused(await apply(cart.id, "LATERAB2"), COUPON_MESSAGES.not_yet_valid, { starts_at: future.toISOString() })
        expectRefused(await apply(cart.id, "EXPIRED2"), COUPON_MESSAGES.expired, {
          cause: "ends_at",
          expired_at: past.toISOString(),
        })
        expectRefused(await apply(cart.id, "USEDUP22"), COUPON_MESSAGES.expired, { cause: "used_up" })
        expectRefused(await apply(cart.id, "FIRSTONE"), COUPON_MESSAGES.usage_limit_reached)
        expectRefused(await apply(cart.id, "OTHERSTO"), COUPON_MESSAGES.wrong_sales_channel)
        expectRefused(await apply(cart.id, "DOLLARS5"), COUPON_MESSAGES.wrong_currency, {
          expected_currency_code: "USD",
          accepted_currency_codes: ["USD"],
        })
        expectRefused(await apply(cart.id, "BELTONLY"), COUPON_MESSAGES.no_eligible_items)
        const after = await getCart(cart.id)
        expect(couponLines(after)).toEqual({})
        expect(totals(after).discount_subtotal).toBe(0)
        expect(await appliedCodes(cart.id)).toEqual([])
      })

      it("answers unknown, archived, void and someone else's codes identically; 'already used' needs the customer's own use", async () => {
        const container = getContainer()
        const someone = await customer("someone@coupons.test")
        const buyer = await customer("buyer@coupons.test")
        await createCouponPromotion(container, { archived_at: new Date() }, ["ARCHIVED"])
        await createCouponPromotion(container, {}, [{ code: "VOIDCODE", state: "void" }])
        await createCouponPromotion(container, { coupon_type: "personal" }, [
          { code: "SOMEONES", customer_id: someone.id, state: "assigned" },
        ])
        const { coupons } = await createCouponPromotion(container, { usage_per_customer: "one_order" }, ["ONCEONLY"])
        await container.resolve(COUPON_MODULE).createCouponRedemptions({
          coupon_id: coupons[0].id,
          promotion_id: coupons[0].promotion_id,
          customer_id: buyer.id,
          cart_id: "cart_earlier_order",
          order_id: "order_earlier",
          amount: 13,
          currency_code: "eur",
          state: "confirmed",
          reserved_at: new Date(),
        })
        const cart = await standardCart(buyer.headers)
        const answers = []
        for (const code of ["NOSUCHONE", "ARCHIVED", "VOIDCODE", "SOMEONES"]) {
          const res = await apply(cart.id, code, buyer.headers)
          answers.push({ status: res.status, data: res.data })
        }
        for (const answer of answers) {
          expect(answer).toEqual(refusal(COUPON_MESSAGES.invalid_code))
        }
        expectRefused(await apply(cart.id, "ONCEONLY", buyer.headers), COUPON_MESSAGES.already_used)
        // A guest has no earlier use: the same code works on a guest cart.
        const guestCart = await standardCart()
        expect((await apply(guestCart.id, "ONCEONLY")).status).toBe(200)
        expect(await appliedCodes(cart.id)).toEqual([])
      })

      it("throttles repeated failed codes per cart with 429 and Retry-After, on every path; successes do not count", async () => {
        await createCouponPromotion(getContainer(), {}, ["GOODCODE"])
        const cart = await standardCart()
        const other = await standardCart()
        expect((await apply(cart.id, "GOODCODE")).status).toBe(200)
        for (let i = 0; i < 9; i++) {
          expectRefused(await apply(cart.id, `WRONG${i}XYZ`), COUPON_MESSAGES.invalid_code)
        }
        // The tenth failure comes through Medusa's own path (an unknown promo code) and counts the same.
        const tenth = await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["WRONG10XYZ"] })
        expect(tenth.status).toBe(400)
        for (const res of [
          await apply(cart.id, "GOODCODE"),
          await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["GUESS"] }),
          await post(`/store/carts/${cart.id}`, { promo_codes: ["GUESS"] }),
        ]) {
          expect(res.status).toBe(429)
          const retryAfter = Number(res.headers["retry-after"])
          expect(retryAfter).toBeGreaterThan(590)
          expect(retryAfter).toBeLessThanOrEqual(600)
          expect(res.data).toEqual({ type: "too_many_requests", message: "Too many invalid codes. Please try again later." })
        }
        // Another cart of the same client is still under the per-IP limit (30).
        expect((await apply(other.id, "GOODCODE")).status).toBe(200)
        // Native codes never count or get blocked on a cart that is not throttled.
        expect(couponLines(await getCart(other.id))).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        // The window is in Postgres: once the failures age out, the cart may try again.
        await getContainer()
          .resolve(COUPON_MODULE)
          .listCouponFailedAttempts({ cart_id: cart.id })
          .then(async (rows: any[]) => {
            expect(rows).toHaveLength(10)
            const knex = getContainer().resolve("__pg_connection__")
            await knex.raw(`UPDATE coupon_failed_attempt SET created_at = created_at - interval '11 minutes'`)
          })
        expect((await apply(cart.id, "GOODCODE")).status).toBe(200)
      })
    })

    describe("recompute after every cart change", () => {
      it("items added, quantity up and down, items removed, shipping method added", async () => {
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        let cart = await createCheckoutCart(api, store, headers, [{ product: SWEATER, quantity: 1 }], { shipping: false })
        let res = await apply(cart.id, "SAVE10AB")
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8 })
        res = await post(`/store/carts/${cart.id}/line-items`, { variant_id: store.products[SCARF].variantId, quantity: 2 })
        cart = res.data.cart
        expect(couponLines(cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SCARF)}`, { quantity: 3 })
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 7.5 })
        res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SCARF)}`, { quantity: 1 })
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 2.5 })
        res = await call("delete", `/store/carts/${cart.id}/line-items/${lineId(cart, SWEATER)}`)
        expect(res.status).toBe(200)
        expect(couponLines(await getCart(cart.id))).toEqual({ "Knit Scarf": 2.5 })
        res = await post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId })
        expect(couponLines(res.data.cart)).toEqual({ "Knit Scarf": 2.5 })
        expect(totals(res.data.cart)).toEqual({
          item_subtotal: 25,
          discount_subtotal: 2.5,
          discount_total: 3,
          item_total: 27,
          shipping_total: 6,
          tax_total: 5.5,
          total: 33,
        })
      })

      it("region and currency change: a fixed EUR coupon pauses in USD and comes back in EUR", async () => {
        const {
          result: [usRegion],
        } = await createRegionsWorkflow(getContainer()).run({
          input: { regions: [{ name: "US", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] }] },
        })
        await createCouponPromotion(
          getContainer(),
          { discount_type: "fixed", discount_value: 10, currency_code: "eur" },
          ["FIXED10A"]
        )
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        const cart = await standardCart()
        await apply(cart.id, "FIXED10A")
        let res = await apply(cart.id, "SAVE10AB")
        expect(couponLines(res.data.cart, "FIXED10A")).toEqual({ "Wool Sweater": 6.15, "Knit Scarf": 3.85 })
        expect(couponLines(res.data.cart, "SAVE10AB")).toEqual({ "Wool Sweater": 7.39, "Knit Scarf": 4.61 })

        res = await post(`/store/carts/${cart.id}`, { region_id: usRegion.id })
        expect(res.status).toBe(200)
        expect(res.data.cart.currency_code).toBe("usd")
        expect(couponLines(res.data.cart, "FIXED10A")).toEqual({})
        expect(couponLines(res.data.cart, "SAVE10AB")).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        expect(await appliedCodes(cart.id)).toEqual(["FIXED10A", "SAVE10AB"])

        res = await post(`/store/carts/${cart.id}`, { region_id: store.region.id })
        expect(res.data.cart.currency_code).toBe("eur")
        expect(couponLines(res.data.cart, "FIXED10A")).toEqual({ "Wool Sweater": 6.15, "Knit Scarf": 3.85 })
      })

      it("customer set or changed: usage and ownership are re-checked", async () => {
        const container = getContainer()
        const owner = await customer("owner@coupons.test")
        const regular = await customer("regular@coupons.test")
        await createCouponPromotion(container, { coupon_type: "personal" }, [
          { code: "MINE10AB", customer_id: owner.id, state: "assigned" },
        ])
        const { coupons } = await createCouponPromotion(container, { usage_per_customer: "one_order" }, ["ONCEONLY"])
        await container.resolve(COUPON_MODULE).createCouponRedemptions({
          coupon_id: coupons[0].id,
          promotion_id: coupons[0].promotion_id,
          customer_id: regular.id,
          cart_id: "cart_earlier_order",
          amount: 13,
          currency_code: "eur",
          state: "confirmed",
          reserved_at: new Date(),
        })

        // A guest applies a one-per-customer code; the customer who already used it logs in: the discount goes.
        const cart = await standardCart()
        expect(couponLines((await apply(cart.id, "ONCEONLY")).data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        let res = await post(`/store/carts/${cart.id}/customer`, {}, regular.headers)
        expect(res.status).toBe(200)
        expect(couponLines(res.data.cart)).toEqual({})

        // The owner's personal coupon leaves with the owner when someone else takes the cart over.
        const ownerCart = await standardCart(owner.headers)
        expect(couponLines((await apply(ownerCart.id, "MINE10AB", owner.headers)).data.cart)).toEqual({
          "Wool Sweater": 8,
          "Knit Scarf": 5,
        })
        res = await post(`/store/carts/${ownerCart.id}/customer`, {}, regular.headers)
        expect(couponLines(res.data.cart)).toEqual({})
        expect(await appliedCodes(ownerCart.id)).toEqual([])
      })

      it("a failing refresh leaves the previous coupon adjustments in place (hook compensation)", async () => {
        const { promotion } = await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        const cart = await standardCart()
        await apply(cart.id, "SAVE10AB")
        await getContainer().resolve(COUPON_MODULE).updateCouponPromotions({ id: promotion.id, discount_value: 20 })
        // The hook recomputes at 20%, then Medusa rejects the unknown code: the 10% adjustments must come back.
        const res = await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["NOT-A-PROMO"] })
        expect(res.data).toEqual({ type: "invalid_data", message: "The promotion code NOT-A-PROMO is invalid" })
        expect(couponLines(await getCart(cart.id))).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        const next = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SCARF)}`, { quantity: 2 })
        expect(couponLines(next.data.cart)).toEqual({ "Wool Sweater": 16, "Knit Scarf": 10 })
      })
    })

    describe("Medusa's promo_codes paths", () => {
      it("POST /store/carts/:id/promotions adds native and coupon codes mixed; coupon-only lists keep native promotions", async () => {
        await createNativePromotion(getContainer(), "NATIVE20", 20)
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        await createCouponPromotion(getContainer(), { discount_type: "fixed", discount_value: 5, currency_code: "eur" }, [
          "FIVEOFF2",
        ])
        const cart = await standardCart()
        let res = await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["NATIVE20", "save10ab"] })
        expect(res.status).toBe(200)
        expect(res.data.cart.promotions.map((p: any) => p.code)).toEqual(["NATIVE20", "SAVE10AB"])
        expect(nativeLines(res.data.cart, "NATIVE20")).toEqual({ "Wool Sweater": 16, "Knit Scarf": 10 })
        // 10% of what the native promotion left (64, 40).
        expect(couponLines(res.data.cart, "SAVE10AB")).toEqual({ "Wool Sweater": 6.4, "Knit Scarf": 4 })

        res = await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["FIVEOFF2"] })
        expect(res.status).toBe(200)
        expect(res.data.cart.promotions.map((p: any) => p.code)).toEqual(["NATIVE20", "SAVE10AB", "FIVEOFF2"])
        expect(couponLines(res.data.cart, "FIVEOFF2")).toEqual({ "Wool Sweater": 3.08, "Knit Scarf": 1.92 })
        expect(totals(res.data.cart).discount_subtotal).toBe(26 + 10.4 + 5)

        // All of it survives a later change.
        res = await post(`/store/carts/${cart.id}/line-items/${lineId(cart, SWEATER)}`, { quantity: 2 })
        expect(nativeLines(res.data.cart, "NATIVE20")).toEqual({ "Wool Sweater": 32, "Knit Scarf": 10 })
        expect(couponLines(res.data.cart, "SAVE10AB")).toEqual({ "Wool Sweater": 12.8, "Knit Scarf": 4 })
        expect(totals(res.data.cart).discount_subtotal).toBe(42 + 16.8 + 5)
      })

      it("POST /store/carts/:id promo_codes is the cart's whole set of codes, coupons included (Medusa's meaning)", async () => {
        await createNativePromotion(getContainer(), "NATIVE20", 20)
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        const cart = await standardCart()
        const codes = (res: any) => res.data.cart.promotions.map((p: any) => p.code)
        let res = await post(`/store/carts/${cart.id}`, { promo_codes: ["NATIVE20"] })
        expect(codes(res)).toEqual(["NATIVE20"])
        // The starters send cart.promotions + the typed code.
        res = await post(`/store/carts/${cart.id}`, { promo_codes: ["NATIVE20", "save10ab"] })
        expect(res.status).toBe(200)
        expect(codes(res)).toEqual(["NATIVE20", "SAVE10AB"])
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 6.4, "Knit Scarf": 4 })
        // Left out: the native code goes, the coupon stays (and takes its full 10% again).
        res = await post(`/store/carts/${cart.id}`, { promo_codes: ["SAVE10AB"] })
        expect(codes(res)).toEqual(["SAVE10AB"])
        expect(nativeLines(res.data.cart, "NATIVE20")).toEqual({})
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        // An empty set takes every code off.
        res = await post(`/store/carts/${cart.id}`, { promo_codes: [] })
        expect(res.data.cart.promotions).toEqual([])
        expect(couponLines(res.data.cart)).toEqual({})
        expect(await appliedCodes(cart.id)).toEqual([])
        // With other fields in the same update.
        res = await post(`/store/carts/${cart.id}`, { promo_codes: ["NATIVE20", "SAVE10AB"], email: "x@coupons.test" })
        expect(codes(res)).toEqual(["NATIVE20", "SAVE10AB"])
        expect(res.data.cart.email).toBe("x@coupons.test")
        expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 6.4, "Knit Scarf": 4 })
        // An update without promo_codes leaves every code alone.
        res = await post(`/store/carts/${cart.id}`, { email: "y@coupons.test" })
        expect(codes(res)).toEqual(["NATIVE20", "SAVE10AB"])
      })

      it("unknown codes keep Medusa's own error (archived coupons read the same); usable-but-refused coupons get the coupon message", async () => {
        await createNativePromotion(getContainer(), "NATIVE20", 20)
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        await createCouponPromotion(getContainer(), { archived_at: new Date() }, ["ARCHIVED"])
        await createCouponPromotion(getContainer(), { min_purchase: 500, currency_code: "eur" }, ["MIN500AB"])
        const cart = await standardCart()
        for (const path of [`/store/carts/${cart.id}/promotions`, `/store/carts/${cart.id}`]) {
          const unknown = await post(path, { promo_codes: ["SAVE10AB", "NOPE-NOPE"] })
          expect({ status: unknown.status, data: unknown.data }).toEqual({
            status: 400,
            data: { type: "invalid_data", message: "The promotion code NOPE-NOPE is invalid" },
          })
          const archived = await post(path, { promo_codes: ["NATIVE20", "ARCHIVED"] })
          expect({ status: archived.status, data: archived.data }).toEqual({
            status: 400,
            data: { type: "invalid_data", message: "The promotion code ARCHIVED is invalid" },
          })
          expectRefused(await post(path, { promo_codes: ["MIN500AB"] }), "Add 370.00 EUR more to use this coupon", {
            min_purchase: 500,
            eligible_subtotal: 130,
            missing_amount: 370,
            currency_code: "EUR",
          })
        }
        const after = await getCart(cart.id)
        expect(after.promotions).toEqual([])
        expect(couponLines(after)).toEqual({})
        expect(await appliedCodes(cart.id)).toEqual([])
      })

      it("removes coupon codes through DELETE /store/carts/:id/coupons/:code and DELETE /store/carts/:id/promotions", async () => {
        await createNativePromotion(getContainer(), "NATIVE20", 20)
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        await createCouponPromotion(getContainer(), { discount_type: "fixed", discount_value: 5, currency_code: "eur" }, [
          "FIVEOFF2",
        ])
        const cart = await standardCart()
        await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["NATIVE20", "SAVE10AB", "FIVEOFF2"] })

        let res = await call("delete", `/store/carts/${cart.id}/coupons/save10ab`)
        expect(res.status).toBe(200)
        expect(couponLines(res.data.cart, "SAVE10AB")).toEqual({})
        expect(couponLines(res.data.cart, "FIVEOFF2")).toEqual({ "Wool Sweater": 3.08, "Knit Scarf": 1.92 })
        expect(res.data.cart.promotions.map((p: any) => p.code)).toEqual(["NATIVE20", "FIVEOFF2"])

        // Coupon only: the native promotion stays.
        res = await api
          .delete(`/store/carts/${cart.id}/promotions`, { headers, data: { promo_codes: ["FIVEOFF2"] } })
          .catch((e: any) => e.response)
        expect(res.status).toBe(200)
        expect(couponLines(res.data.cart)).toEqual({})
        expect(res.data.cart.promotions.map((p: any) => p.code)).toEqual(["NATIVE20"])
        expect(totals(res.data.cart).discount_subtotal).toBe(26)

        await apply(cart.id, "SAVE10AB")
        res = await api
          .delete(`/store/carts/${cart.id}/promotions`, { headers, data: { promo_codes: ["NATIVE20", "SAVE10AB"] } })
          .catch((e: any) => e.response)
        expect(res.status).toBe(200)
        expect(res.data.cart.promotions).toEqual([])
        expect(totals(res.data.cart).discount_subtotal).toBe(0)
        expect(await appliedCodes(cart.id)).toEqual([])
      })
    })

    describe("next to @medusajs/loyalty-plugin", () => {
      it("one cart carries a native promotion, a coupon and a gift card with correct totals", async () => {
        const admin = await createAdminHeaders(getContainer())
        await createNativePromotion(getContainer(), "NATIVE20", 20)
        await createCouponPromotion(
          getContainer(),
          { discount_type: "fixed", discount_value: 10, currency_code: "eur" },
          ["FIXED10A"]
        )
        const gift = await api.post(
          "/admin/gift-cards",
          { code: "GIFTCARD-20", value: 20, currency_code: "eur" },
          admin
        )
        expect(gift.status).toBe(200)
        const cart = await standardCart()
        await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["NATIVE20"] })
        await apply(cart.id, "FIXED10A")
        const res = await post(`/store/carts/${cart.id}/gift-cards`, { code: "GIFTCARD-20" })
        expect(res.status).toBe(200)
        const after = await getCart(cart.id)
        expect(nativeLines(after, "NATIVE20")).toEqual({ "Wool Sweater": 16, "Knit Scarf": 10 })
        // 10 over what the native promotion left (64 : 40).
        expect(couponLines(after)).toEqual({ "Wool Sweater": 6.15, "Knit Scarf": 3.85 })
        // Items 130 − 26 − 10 = 94 net, +18.80 VAT; shipping 6; the gift card comes off after tax.
        expect({ ...totals(after), credit_line_total: Number(after.credit_line_total) }).toEqual({
          item_subtotal: 130,
          discount_subtotal: 36,
          discount_total: 43.2,
          item_total: 112.8,
          shipping_total: 6,
          tax_total: 19.8,
          total: 98.8,
          credit_line_total: 20,
        })
      })
    })
  },
})
