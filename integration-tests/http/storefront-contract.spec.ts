import Medusa from "@medusajs/js-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createCustomerHeaders } from "../helpers/auth"
import { createCheckoutCart, createCouponPromotion, createNativePromotion, seedDemoStoreBeforeEach } from "../helpers/checkout"

jest.setTimeout(240 * 1000)

/*
 * Issue 14: the store driven exactly as the official storefronts (nextjs-starter-medusa, medusajs/dtc-starter) drive
 * it. They read a cart with these fields, list applied codes from `cart.promotions`, apply a code by re-sending every
 * listed code plus the typed one through `sdk.store.cart.update(id, { promo_codes })`, and remove one by re-sending
 * the list without it. Nothing here knows about coupons: a coupon must behave like a native code.
 */
const STARTER_CART_FIELDS =
  "*items, *region, *items.product, *items.variant, *items.thumbnail, *items.metadata, +items.total, *promotions, +shipping_methods.name"

const SWEATER = 0 // 80.00
const SCARF = 1 // 25.00

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    const sdk = () =>
      new Medusa({ baseUrl: String(api.defaults.baseURL), publishableKey: demo.store.publishableKey, auth: { type: "jwt" } })

    /** The starters' retrieveCart: a raw fetch with their field list. */
    const retrieveCart = async (id: string, headers: Record<string, string>) =>
      (await sdk().client.fetch<any>(`/store/carts/${id}`, { method: "GET", query: { fields: STARTER_CART_FIELDS }, headers }))
        .cart
    /** The starters' discount-code form: every listed code plus the typed one. */
    const addCode = async (cart: any, code: string, headers: Record<string, string>) => {
      const codes = (cart.promotions ?? []).filter((p: any) => p.code !== undefined).map((p: any) => p.code)
      codes.push(code)
      await sdk().store.cart.update(cart.id, { promo_codes: codes }, {}, headers)
      return retrieveCart(cart.id, headers)
    }
    /** The starters' remove button: the listed codes without it. */
    const removeCode = async (cart: any, code: string, headers: Record<string, string>) => {
      const codes = (cart.promotions ?? []).filter((p: any) => p.code !== code && p.code !== undefined).map((p: any) => p.code)
      await sdk().store.cart.update(cart.id, { promo_codes: codes }, {}, headers)
      return retrieveCart(cart.id, headers)
    }
    /** What the starters render: code, amount label, removable. */
    const listed = (cart: any) =>
      (cart.promotions ?? []).map((p: any) => ({
        code: p.code,
        label:
          p.application_method?.value !== undefined && p.application_method?.currency_code !== undefined
            ? p.application_method.type === "percentage"
              ? `${p.application_method.value}%`
              : `${p.application_method.value} ${String(p.application_method.currency_code).toUpperCase()}`
            : null,
        removable: !p.is_automatic,
      }))
    /** The starters' cart totals block. */
    const summary = (cart: any) => ({
      subtotal: cart.item_subtotal,
      shipping: cart.shipping_subtotal,
      discount: cart.discount_subtotal,
      taxes: cart.tax_total,
      total: cart.total,
    })
    const couponBlock = (cart: any, code: string) => cart.promotions.find((p: any) => p.code === code)?.coupon

    const shoppers = {
      guest: async () => ({ headers: {} as Record<string, string> }),
      "logged-in customer": async () => {
        const customer = await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers({ email: "shopper@coupons.test", has_account: true, first_name: "Sam" })
        const { headers } = await createCustomerHeaders(getContainer(), customer, { headers: {} })
        return { headers: { authorization: headers.authorization } }
      },
    }

    for (const [who, shopper] of Object.entries(shoppers)) {
      describe(`as a ${who}`, () => {
        it("lists a coupon in cart.promotions with its value, keeps it through cart changes and removes it like a native code", async () => {
          await createNativePromotion(getContainer(), "NATIVE10", 10)
          await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
          const { headers } = await shopper()
          const created = await createCheckoutCart(
            api,
            demo.store,
            { ...demo.headers, ...headers },
            [
              { product: SWEATER, quantity: 1 },
              { product: SCARF, quantity: 2 },
            ]
          )
          let cart = await retrieveCart(created.id, headers)
          expect(listed(cart)).toEqual([])
          expect(summary(cart)).toEqual({ subtotal: 130, shipping: 5, discount: 0, taxes: 27, total: 162 })

          // Typed in lower case, as shoppers do: the listed code is the stored one.
          cart = await addCode(cart, "save10ab", headers)
          expect(listed(cart)).toEqual([{ code: "SAVE10AB", label: "10%", removable: true }])
          expect(cart.promotions[0]).toEqual(
            expect.objectContaining({
              code: "SAVE10AB",
              is_automatic: false,
              application_method: { type: "percentage", value: 10, currency_code: "eur" },
              coupon: expect.objectContaining({ state: "applied", discount_amount: 13 }),
            })
          )
          expect(summary(cart)).toEqual({ subtotal: 130, shipping: 5, discount: 13, taxes: 24.4, total: 146.4 })

          // A native code next to it: both listed, both discount, the list re-sent holds the coupon.
          cart = await addCode(cart, "NATIVE10", headers)
          expect(listed(cart)).toEqual(
            expect.arrayContaining([
              { code: "SAVE10AB", label: "10%", removable: true },
              { code: "NATIVE10", label: "10%", removable: true },
            ])
          )
          expect(cart.promotions).toHaveLength(2)
          expect(summary(cart)).toEqual({ subtotal: 130, shipping: 5, discount: 24.7, taxes: 22.06, total: 132.36 })

          // A cart change keeps both and recomputes.
          const scarf = cart.items.find((item: any) => item.variant_id === demo.store.products[SCARF].variantId)
          await sdk().store.cart.updateLineItem(cart.id, scarf.id, { quantity: 1 }, {}, headers)
          cart = await retrieveCart(cart.id, headers)
          expect(listed(cart).map((p: any) => p.code).sort()).toEqual(["NATIVE10", "SAVE10AB"])
          expect(summary(cart)).toEqual({ subtotal: 105, shipping: 5, discount: 19.95, taxes: 18.01, total: 108.06 })

          // The remove button: the coupon goes, the native code stays.
          cart = await removeCode(cart, "SAVE10AB", headers)
          expect(listed(cart)).toEqual([{ code: "NATIVE10", label: "10%", removable: true }])
          expect(summary(cart)).toEqual({ subtotal: 105, shipping: 5, discount: 10.5, taxes: 19.9, total: 119.4 })

          // And back, then the native one removed: the coupon stays alone.
          cart = await addCode(cart, "SAVE10AB", headers)
          cart = await removeCode(cart, "NATIVE10", headers)
          expect(listed(cart)).toEqual([{ code: "SAVE10AB", label: "10%", removable: true }])
          expect(summary(cart)).toEqual({ subtotal: 105, shipping: 5, discount: 10.5, taxes: 19.9, total: 119.4 })
          cart = await removeCode(cart, "SAVE10AB", headers)
          expect(listed(cart)).toEqual([])
          expect(summary(cart)).toEqual({ subtotal: 105, shipping: 5, discount: 0, taxes: 22, total: 132 })
        })

        it("lists a coupon that stopped qualifying as waiting, with the reason, and lets the shopper remove it", async () => {
          await createCouponPromotion(
            getContainer(),
            { discount_type: "fixed", discount_value: 15, currency_code: "eur", min_purchase: 100 },
            ["MIN100AB"]
          )
          const { headers } = await shopper()
          const created = await createCheckoutCart(api, demo.store, { ...demo.headers, ...headers }, [
            { product: SWEATER, quantity: 1 },
            { product: SCARF, quantity: 2 },
          ])
          let cart = await addCode(await retrieveCart(created.id, headers), "MIN100AB", headers)
          expect(listed(cart)).toEqual([{ code: "MIN100AB", label: "15 EUR", removable: true }])
          expect(couponBlock(cart, "MIN100AB")).toEqual(expect.objectContaining({ state: "applied", discount_amount: 15 }))
          expect(summary(cart).discount).toBe(15)

          const scarf = cart.items.find((item: any) => item.variant_id === demo.store.products[SCARF].variantId)
          await sdk().store.cart.deleteLineItem(cart.id, scarf.id, {}, headers)
          cart = await retrieveCart(cart.id, headers)
          // 80 < 100: still listed (so it can be seen and removed), no discount, and why.
          expect(listed(cart)).toEqual([{ code: "MIN100AB", label: "15 EUR", removable: true }])
          expect(couponBlock(cart, "MIN100AB")).toEqual({
            state: "waiting",
            discount_amount: 0,
            promotion_id: expect.any(String),
            promotion_name: expect.any(String),
            reason: {
              code: "coupon_min_purchase",
              message: "Add 20.00 EUR more to use this coupon",
              details: { min_purchase: 100, eligible_subtotal: 80, missing_amount: 20, currency_code: "EUR" },
            },
          })
          expect(summary(cart)).toEqual({ subtotal: 80, shipping: 5, discount: 0, taxes: 17, total: 102 })

          // Re-sending the list with a waiting code (as the form does when another code is typed) keeps it.
          await createNativePromotion(getContainer(), "NATIVE10", 10)
          cart = await addCode(cart, "NATIVE10", headers)
          expect(listed(cart).map((p: any) => p.code).sort()).toEqual(["MIN100AB", "NATIVE10"])
          cart = await removeCode(cart, "MIN100AB", headers)
          expect(listed(cart)).toEqual([{ code: "NATIVE10", label: "10%", removable: true }])
        })
      })
    }

    describe("refusals a storefront can branch on and translate", () => {
      const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
        api.post(url, body, { headers: { ...demo.headers, ...headers } }).catch((e: any) => e.response)
      const answer = (res: any) => ({ status: res.status, data: res.data })
      const smallCart = async (body: Record<string, unknown> = {}) => {
        const created = await api.post("/store/carts", { region_id: demo.store.region.id, ...body }, { headers: demo.headers })
        const id = created.data.cart.id
        await api.post(
          `/store/carts/${id}/line-items`,
          { variant_id: demo.store.products[SWEATER].variantId, quantity: 1 },
          { headers: demo.headers }
        )
        return id
      }
      const MIN_DETAILS = { min_purchase: 100, eligible_subtotal: 80, missing_amount: 20, currency_code: "EUR" }

      it("words refusals in the cart's or the request's language from the store's messages, English otherwise", async () => {
        await createCouponPromotion(getContainer(), { min_purchase: 100, currency_code: "eur" }, ["MIN100AB"])
        await createCouponPromotion(getContainer(), { status: "inactive", inactive_message: "Back next week!" }, ["PAUSED22"])
        const german = await smallCart({ locale: "de-DE" })
        const english = await smallCart()
        const de = "Noch 20.00 EUR, dann können Sie diesen Gutschein einlösen"
        const en = "Add 20.00 EUR more to use this coupon"
        const refused = (message: string) => ({
          status: 400,
          data: { type: "not_allowed", code: "coupon_min_purchase", message, details: MIN_DETAILS },
        })
        // The cart's locale ("de-DE" falls back to the store's "de" texts), on the coupon route and promo_codes alike.
        expect(answer(await post(`/store/carts/${german}/coupons`, { code: "MIN100AB" }))).toEqual(refused(de))
        expect(answer(await post(`/store/carts/${german}`, { promo_codes: ["MIN100AB"] }))).toEqual(refused(de))
        // The request's locale (x-medusa-locale, what the starters send) or Accept-Language.
        expect(
          answer(await post(`/store/carts/${english}/coupons`, { code: "MIN100AB" }, { "x-medusa-locale": "de-AT" }))
        ).toEqual(refused(de))
        expect(
          answer(await post(`/store/carts/${english}/coupons`, { code: "MIN100AB" }, { "accept-language": "de-CH,de;q=0.9" }))
        ).toEqual(refused(de))
        expect(answer(await post(`/store/carts/${english}/coupons`, { code: "MIN100AB" }))).toEqual(refused(en))
        expect(
          answer(await post(`/store/carts/${english}/coupons`, { code: "MIN100AB" }, { "accept-language": "fr-FR" }))
        ).toEqual(refused(en))
        // The "invalid" refusal is translated too, and reads the same for every code nobody may use here.
        for (const code of ["NOSUCHCODE", "nosuchcode2"]) {
          expect(answer(await post(`/store/carts/${german}/coupons`, { code }))).toEqual({
            status: 400,
            data: {
              type: "not_allowed",
              code: "coupon_invalid",
              message:
                "Der Gutscheincode ist ungültig. Wurde er Ihnen persönlich geschenkt, melden Sie sich an und versuchen Sie es erneut.",
            },
          })
        }
        // The admin's own inactive message stays as typed.
        expect(answer(await post(`/store/carts/${german}/coupons`, { code: "PAUSED22" }))).toEqual({
          status: 400,
          data: { type: "not_allowed", code: "coupon_inactive", message: "Back next week!" },
        })
      })

      it("lists a waiting coupon's reason in the shopper's language in cart.promotions and GET /store/carts/:id/coupons", async () => {
        await createCouponPromotion(getContainer(), { min_purchase: 100, currency_code: "eur" }, ["MIN100AB"])
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        const id = await smallCart({ locale: "de-DE" })
        const scarf = demo.store.products[SCARF].variantId
        const line = await api.post(`/store/carts/${id}/line-items`, { variant_id: scarf, quantity: 1 }, { headers: demo.headers })
        expect((await post(`/store/carts/${id}/coupons`, { code: "MIN100AB" })).status).toBe(200)
        expect((await post(`/store/carts/${id}/coupons`, { code: "SAVE10AB" })).status).toBe(200)
        const scarfLine = line.data.cart.items.find((item: any) => item.variant_id === scarf)
        await api.delete(`/store/carts/${id}/line-items/${scarfLine.id}`, { headers: demo.headers })

        const reason = {
          code: "coupon_min_purchase",
          message: "Noch 20.00 EUR, dann können Sie diesen Gutschein einlösen",
          details: MIN_DETAILS,
        }
        const cart = (await api.get(`/store/carts/${id}`, { headers: demo.headers })).data.cart
        expect(couponBlock(cart, "MIN100AB")).toEqual(expect.objectContaining({ state: "waiting", reason }))
        expect(couponBlock(cart, "SAVE10AB")).toEqual(expect.objectContaining({ state: "applied", discount_amount: 8 }))

        const listedCoupons = (await api.get(`/store/carts/${id}/coupons`, { headers: demo.headers })).data
        expect(listedCoupons).toEqual({
          coupons: [
            {
              code: "MIN100AB",
              state: "waiting",
              discount_amount: 0,
              currency_code: "eur",
              application_method: { type: "percentage", value: 10, currency_code: "eur" },
              promotion: { id: expect.any(String), name: expect.any(String) },
              reason,
            },
            {
              code: "SAVE10AB",
              state: "applied",
              discount_amount: 8,
              currency_code: "eur",
              application_method: { type: "percentage", value: 10, currency_code: "eur" },
              promotion: { id: expect.any(String), name: expect.any(String) },
            },
          ],
        })
      })

      it("validates a code without applying it: the would-be discount, or the refusal (counted by the throttle)", async () => {
        await createNativePromotion(getContainer(), "NATIVE10", 10)
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        await createCouponPromotion(getContainer(), { min_purchase: 100, currency_code: "eur" }, ["MIN100AB"])
        const id = await smallCart()
        await post(`/store/carts/${id}`, { promo_codes: ["NATIVE10"] })
        const knex = getContainer().resolve("__pg_connection__")
        const rows = async (table: string) => Number((await knex.raw(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)

        const dry = await post(`/store/carts/${id}/coupons/validate`, { code: " save10ab " })
        expect(answer(dry)).toEqual({
          status: 200,
          data: {
            code: "SAVE10AB",
            valid: true,
            // 10% of what the native 10% left of 80.
            discount: { amount: 7.2, currency_code: "eur", lines: [{ item_id: expect.any(String), amount: 7.2 }] },
            application_method: { type: "percentage", value: 10, currency_code: "eur" },
            replaces: [],
          },
        })
        expect(await rows("coupon_cart_code")).toBe(0)
        const untouched = (await api.get(`/store/carts/${id}`, { headers: demo.headers })).data.cart
        expect(untouched.discount_subtotal).toBe(8)
        // Applying it then gives exactly what the dry run said.
        const applied = await post(`/store/carts/${id}/coupons`, { code: "SAVE10AB" })
        expect(applied.data.cart.discount_subtotal).toBe(8 + 7.2)

        expect(answer(await post(`/store/carts/${id}/coupons/validate`, { code: "MIN100AB" }))).toEqual({
          status: 400,
          data: {
            type: "not_allowed",
            code: "coupon_min_purchase",
            message: "Add 20.00 EUR more to use this coupon",
            details: MIN_DETAILS,
          },
        })
        expect(answer(await post(`/store/carts/${id}/coupons/validate`, { code: "NOSUCHCODE" }))).toEqual({
          status: 400,
          data: {
            type: "not_allowed",
            code: "coupon_invalid",
            message: "The coupon code is invalid. If it was given to you personally, log in and try again.",
          },
        })
        expect(await rows("coupon_failed_attempt")).toBe(2)
        expect(await rows("coupon_cart_code")).toBe(1)
      })

      it("POST /store/carts with promo_codes applies coupons at creation; a refused one creates no cart", async () => {
        await createNativePromotion(getContainer(), "NATIVE10", 10)
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        await createCouponPromotion(getContainer(), { min_purchase: 100, currency_code: "eur" }, ["MIN100AB"])
        const knex = getContainer().resolve("__pg_connection__")
        const carts = async () => Number((await knex.raw(`SELECT count(*) AS n FROM cart WHERE deleted_at IS NULL`)).rows[0].n)
        const items = [{ variant_id: demo.store.products[SWEATER].variantId, quantity: 1 }]

        const created = await post("/store/carts", { region_id: demo.store.region.id, items, promo_codes: ["NATIVE10", "save10ab"] })
        expect(created.status).toBe(200)
        expect(created.data.cart.promotions.map((p: any) => p.code)).toEqual(["NATIVE10", "SAVE10AB"])
        expect(created.data.cart.discount_subtotal).toBe(8 + 7.2)

        const before = await carts()
        const refused = await post("/store/carts", { region_id: demo.store.region.id, items, promo_codes: ["MIN100AB"] })
        expect(answer(refused)).toEqual({
          status: 400,
          data: {
            type: "not_allowed",
            code: "coupon_min_purchase",
            message: "Add 20.00 EUR more to use this coupon",
            details: MIN_DETAILS,
          },
        })
        expect(await carts()).toBe(before)
      })

      it("completion refusals carry their code too: a discount for a code no longer on the cart is coupon_discount_out_of_date", async () => {
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        const { prepareCheckoutCart } = await import("../helpers/redemption")
        const cartId = await prepareCheckoutCart(getContainer(), demo.store, {
          email: "late@coupons.test",
          lines: [{ product: SWEATER, quantity: 1 }],
          codes: ["SAVE10AB"],
        })
        // The code leaves the cart behind the plugin's back (an app's own write), its adjustment stays.
        const { COUPON_MODULE } = await import("../../src/modules/coupon")
        const service = getContainer().resolve(COUPON_MODULE)
        const rows = await service.listCouponCartCodes({ cart_id: cartId })
        await service.softDeleteCouponCartCodes(rows.map((row: any) => row.id))
        const res = await post(`/store/carts/${cartId}/complete`, {})
        expect(answer(res)).toEqual({
          status: 400,
          data: {
            type: "not_allowed",
            code: "coupon_discount_out_of_date",
            message: "The coupon discount on this cart is out of date. Review your cart and try again",
          },
        })
        expect(await service.listCouponRedemptions({ cart_id: cartId })).toEqual([])
      })
    })
  },
})
