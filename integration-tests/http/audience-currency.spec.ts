import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createRegionsWorkflow, updateStoresWorkflow } from "@medusajs/medusa/core-flows"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { createAdminHeaders, createCustomerHeaders } from "../helpers/auth"
import { couponLines, createCheckoutCart, seedDemoStoreBeforeEach } from "../helpers/checkout"
import {
  createPromotionThroughAdmin,
  ensurePayment,
  expectCompletionRefusal,
  expectRefusal,
  liveRedemptions,
  settle,
} from "../helpers/limits"

jest.setTimeout(280 * 1000)

// Issue 17: amounts per currency in a store whose USD region is NOT in the store's supported_currencies (as a new
// user sets it up), customer groups and first order only, at apply and again at completion.
// Demo store products (dev/demo-store.ts), priced the same in EUR and USD; here also in GBP.
const SCARF = 1 // 25.00
const BELT = 2 // 40.00
const TSHIRT = 3 // 15.00
const STANDARD = [{ product: SCARF, quantity: 2 }] // 50.00

const GROUP_REFUSAL = "This coupon is reserved for selected customers. If you are one of them, log in and try again."
const FIRST_ORDER_REFUSAL = "This coupon is only valid on your first order"

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    let admin: { headers: Record<string, string> }
    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    const apply = (cartId: string, code: string, headers = demo.headers) =>
      settle(api.post(`/store/carts/${cartId}/coupons`, { code }, { headers }))
    const create = (body: Record<string, unknown>, codes: string[]) =>
      createPromotionThroughAdmin(api, getContainer(), admin, body, codes)

    describe("amounts per currency", () => {
      /** USD and GBP regions beside the demo's EUR one; the store itself lists only EUR. */
      async function regions() {
        const container = getContainer()
        const [store] = await container.resolve(Modules.STORE).listStores()
        await updateStoresWorkflow(container).run({
          input: { selector: { id: store.id }, update: { supported_currencies: [{ currency_code: "eur", is_default: true }] } },
        })
        const { result } = await createRegionsWorkflow(container).run({
          input: {
            regions: [
              { name: "United States", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] },
              { name: "United Kingdom", currency_code: "gbp", countries: ["gb"], payment_providers: ["pp_system_default"] },
            ],
          },
        })
        // GBP prices for the products this spec buys (the demo prices them in EUR and USD only).
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const pricing = container.resolve(Modules.PRICING)
        for (const index of [SCARF, BELT, TSHIRT]) {
          const { data } = await query.graph({
            entity: "product_variant",
            fields: ["price_set.id"],
            filters: { id: demo.store.products[index].variantId },
          })
          await pricing.addPrices({
            priceSetId: (data[0] as any).price_set.id,
            prices: [{ amount: demo.store.products[index].price, currency_code: "gbp" }],
          })
        }
        return { usd: result[0], gbp: result[1] }
      }

      /** A cart in the region's currency with these lines; no address (the discount is pre-tax). */
      async function regionCart(regionId: string, lines: { product: number; quantity: number }[]) {
        const config = { headers: demo.headers }
        const cartId = (await api.post("/store/carts", { region_id: regionId, email: "shopper@coupons.test" }, config)).data
          .cart.id
        for (const line of lines) {
          await api.post(
            `/store/carts/${cartId}/line-items`,
            { variant_id: demo.store.products[line.product].variantId, quantity: line.quantity },
            config
          )
        }
        return cartId
      }

      it("{eur: 10, usd: 12}: a USD 70 cart gets 12.00 off, an EUR cart 10.00, a GBP cart the currency refusal", async () => {
        const { usd, gbp } = await regions()
        const { promotion } = await create(
          {
            discount_type: "fixed",
            discount_value: undefined,
            currency_amounts: { eur: { discount_value: 10 }, usd: { discount_value: 12 } },
          },
          ["CURUSD12", "CUREUR10", "CURGBP00"]
        )
        expect([promotion.currency_code, Number(promotion.discount_value), promotion.currency_amounts]).toEqual([
          "eur",
          10,
          {
            eur: { discount_value: 10, min_purchase: null, max_discount: null, budget: null },
            usd: { discount_value: 12, min_purchase: null, max_discount: null, budget: null },
          },
        ])

        // Belt 40 + 2 T-shirts 15 = 70.00 USD.
        const usdCart = await regionCart(usd.id, [
          { product: BELT, quantity: 1 },
          { product: TSHIRT, quantity: 2 },
        ])
        const applied = await apply(usdCart, "CURUSD12")
        expect(applied.status).toBe(200)
        expect(applied.data.cart.currency_code).toBe("usd")
        expect(applied.data.cart.item_subtotal).toBe(70)
        expect(applied.data.cart.discount_subtotal).toBe(12)
        expect(Object.values(couponLines(applied.data.cart)).reduce((a: number, b: any) => a + Number(b), 0)).toBe(12)

        const eurCart = await createCheckoutCart(api, demo.store, demo.headers, STANDARD)
        expect((await apply(eurCart.id, "CUREUR10")).data.cart.discount_subtotal).toBe(10)

        const gbpCart = await regionCart(gbp.id, STANDARD)
        expectRefusal(await apply(gbpCart, "CURGBP00"), "coupon_wrong_currency", "This coupon is not valid for the cart's currency", {
          expected_currency_code: "EUR",
          accepted_currency_codes: ["EUR", "USD"],
        })
        expect(
          await getContainer().resolve(COUPON_MODULE).listCouponCartCodes({ cart_id: gbpCart })
        ).toEqual([])
      })

      it("reads the minimum of the cart's currency: EUR 45 under {eur: 50} is refused naming 5.00 EUR", async () => {
        await regions()
        await create(
          {
            discount_type: "fixed",
            discount_value: undefined,
            currency_amounts: { eur: { discount_value: 10, min_purchase: 50 }, usd: { discount_value: 12 } },
          },
          ["MINEUR45"]
        )
        const cart = await createCheckoutCart(api, demo.store, demo.headers, [{ product: TSHIRT, quantity: 3 }])
        expectRefusal(await apply(cart.id, "MINEUR45"), "coupon_min_purchase", "Add 5.00 EUR more to use this coupon", {
          min_purchase: 50,
          eligible_subtotal: 45,
          missing_amount: 5,
          currency_code: "EUR",
        })
      })

      it("accepts any currency of the store's regions and refuses others with the field named, writing nothing", async () => {
        await regions()
        const before = (await api.get("/admin/coupon-promotions", admin)).data.count
        const res = await settle(
          api.post(
            "/admin/coupon-promotions",
            {
              custom_id: "JPYTRY",
              name: "Yen",
              coupon_type: "promotion_code",
              discount_type: "fixed",
              currency_amounts: { eur: { discount_value: 10 }, jpy: { discount_value: 1000 } },
            },
            admin
          )
        )
        expect([res.status, res.data.message]).toEqual([
          400,
          "Field 'currency_amounts': 'jpy' is not a currency of the store's regions (allowed: eur, gbp, usd)",
        ])
        const mixed = await settle(
          api.post(
            "/admin/coupon-promotions",
            {
              custom_id: "MIXTRY",
              name: "Mixed",
              coupon_type: "promotion_code",
              discount_type: "fixed",
              discount_value: 5,
              currency_amounts: { usd: { discount_value: 12 } },
            },
            admin
          )
        )
        expect([mixed.status, mixed.data.message]).toEqual([
          400,
          "Send either 'currency_amounts' or the single-currency amounts, not both ('discount_value' was given too)",
        ])
        expect((await api.get("/admin/coupon-promotions", admin)).data.count).toBe(before)
        // The single-currency way still works for USD, now that a region has it.
        const { promotion } = await create({ discount_type: "fixed", discount_value: 7, currency_code: "usd" }, ["USDONLY7"])
        expect(promotion.currency_amounts).toEqual({
          usd: { discount_value: 7, min_purchase: null, max_discount: null, budget: null },
        })
      })
    })

    describe("customer groups", () => {
      async function member(email: string, groupId?: string) {
        const container = getContainer()
        const customers = container.resolve(Modules.CUSTOMER)
        const created = await customers.createCustomers({ email, has_account: true, first_name: "Ada" })
        if (groupId) {
          await customers.addCustomerToGroup({ customer_id: created.id, customer_group_id: groupId })
        }
        return { ...created, headers: (await createCustomerHeaders(container, created, { headers: demo.headers })).headers }
      }

      it("only logged-in members apply; a member removed from the group before paying is refused, nothing reserved", async () => {
        const groups = getContainer().resolve(Modules.CUSTOMER)
        const vip = await groups.createCustomerGroups({ name: "VIP" })
        const { promotion } = await create({ discount_value: 10, customer_group_ids: [vip.id] }, ["VIPONLY1"])
        expect(promotion.customer_group_ids).toEqual([vip.id])

        const guest = await createCheckoutCart(api, demo.store, demo.headers, STANDARD, { email: "guest@coupons.test" })
        expectRefusal(await apply(guest.id, "VIPONLY1"), "coupon_customer_group", GROUP_REFUSAL)

        const outsider = await member("outsider@coupons.test")
        const outsiderCart = await createCheckoutCart(api, demo.store, outsider.headers, STANDARD)
        expectRefusal(await apply(outsiderCart.id, "VIPONLY1", outsider.headers), "coupon_customer_group", GROUP_REFUSAL)

        const ada = await member("ada@coupons.test", vip.id)
        const adaCart = await createCheckoutCart(api, demo.store, ada.headers, STANDARD)
        const applied = await apply(adaCart.id, "VIPONLY1", ada.headers)
        expect([applied.status, applied.data.cart.discount_subtotal]).toEqual([200, 5])

        await groups.removeCustomerFromGroup({ customer_id: ada.id, customer_group_id: vip.id })
        await ensurePayment(getContainer(), adaCart.id)
        expectCompletionRefusal(
          await settle(api.post(`/store/carts/${adaCart.id}/complete`, {}, { headers: ada.headers })),
          "coupon_customer_group",
          GROUP_REFUSAL
        )
        expect(await liveRedemptions(getContainer(), promotion.id)).toEqual([])
      })
    })

    describe("first order only", () => {
      const place = async (cartId: string, headers = demo.headers) => {
        await ensurePayment(getContainer(), cartId)
        const res = await settle(api.post(`/store/carts/${cartId}/complete`, {}, { headers }))
        expect([res.status, res.data.type]).toEqual([200, "order"])
        return res.data.order
      }

      it("a guest e-mail with an earlier order is refused; a canceled earlier order does not count", async () => {
        const { promotion } = await create({ discount_value: 10, first_order_only: true }, ["FIRSTG01"])
        expect(promotion.first_order_only).toBe(true)
        const email = "returning@coupons.test"
        const earlier = await createCheckoutCart(api, demo.store, demo.headers, STANDARD, { email })
        const order = await place(earlier.id)

        const again = await createCheckoutCart(api, demo.store, demo.headers, STANDARD, { email })
        expectRefusal(await apply(again.id, "FIRSTG01"), "coupon_not_first_order", FIRST_ORDER_REFUSAL)

        expect((await api.post(`/admin/orders/${order.id}/cancel`, {}, admin)).status).toBe(200)
        const applied = await apply(again.id, "FIRSTG01")
        expect([applied.status, applied.data.cart.discount_subtotal]).toEqual([200, 5])
        // A new shopper's first order goes through.
        const fresh = await createCheckoutCart(api, demo.store, demo.headers, STANDARD, { email: "new@coupons.test" })
        expect((await apply(fresh.id, "FIRSTG01")).status).toBe(200)
        await place(fresh.id)
      })

      it("a logged-in customer who ordered meanwhile is refused at completion, nothing reserved", async () => {
        const { promotion } = await create({ discount_value: 10, first_order_only: true, usage_per_customer: "unlimited" }, [
          "FIRSTC01",
        ])
        const container = getContainer()
        const created = await container
          .resolve(Modules.CUSTOMER)
          .createCustomers({ email: "kim@coupons.test", has_account: true, first_name: "Kim" })
        const kim = (await createCustomerHeaders(container, created, { headers: demo.headers })).headers
        const first = await createCheckoutCart(api, demo.store, kim, STANDARD)
        const second = await createCheckoutCart(api, demo.store, kim, STANDARD)
        expect((await apply(first.id, "FIRSTC01", kim)).status).toBe(200)
        expect((await apply(second.id, "FIRSTC01", kim)).status).toBe(200)

        await place(first.id, kim)
        await ensurePayment(container, second.id)
        expectCompletionRefusal(
          await settle(api.post(`/store/carts/${second.id}/complete`, {}, { headers: kim })),
          "coupon_not_first_order",
          FIRST_ORDER_REFUSAL
        )
        expect((await liveRedemptions(container, promotion.id)).map((row) => row.cart_id)).toEqual([first.id])
      })
    })
  },
})
