import http from "http"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { COUPON_MESSAGES } from "../../src/engine/eligibility"
import { CART_ACCESS_MESSAGE } from "../../src/api/store/carts/cart-access"
import { createCustomerHeaders } from "../helpers/auth"
import { payForCart } from "../helpers/redemption"
import { couponLines, createCheckoutCart, createCouponPromotion, seedDemoStoreBeforeEach } from "../helpers/checkout"

jest.setTimeout(240 * 1000)

/*
 * Issue 21, findings 1–4, as an attacker would try them over HTTP: identity comes from the request's customer
 * actor (never from the cart), one refusal for every code the requester may not use, a throttle keyed on the peer
 * address that no header can move, and coupon routes on an account's cart only for that account.
 */

const SWEATER = 0 // 80.00
const SCARF = 1 // 25.00
const THROTTLED = { type: "too_many_requests", message: "Too many invalid codes. Please try again later." }

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    const knex = () => getContainer().resolve("__pg_connection__")
    const baseUrl = () => String(api.defaults.baseURL).replace("localhost", "127.0.0.1")
    const agents = new Map<string, http.Agent>()
    afterAll(() => agents.forEach((agent) => agent.destroy()))

    /** Request options; `from` sends the request from that loopback address (127.0.0.0/8 all reaches this host). */
    const config = (headers: Record<string, string>, from?: string) => {
      if (!from) {
        return { headers }
      }
      let agent = agents.get(from)
      if (!agent) {
        agent = new http.Agent({ localAddress: from, keepAlive: false })
        agents.set(from, agent)
      }
      return { headers, baseURL: baseUrl(), httpAgent: agent }
    }
    const answer = (res: any) => ({ status: res.status, data: res.data })
    const post = (url: string, body: unknown, headers = demo.headers, from?: string) =>
      api.post(url, body, config(headers, from)).catch((e: any) => e.response)
    const del = (url: string, headers = demo.headers, from?: string) =>
      api.delete(url, config(headers, from)).catch((e: any) => e.response)
    const apply = (cartId: string, code: string, headers = demo.headers, from?: string) =>
      post(`/store/carts/${cartId}/coupons`, { code }, headers, from)
    const cartWith = (headers = demo.headers, options: { email?: string } = {}) =>
      createCheckoutCart(api, demo.store, headers, [{ product: SWEATER, quantity: 1 }, { product: SCARF, quantity: 2 }], options)
    const account = async (email: string) => {
      const customer = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email, has_account: true, first_name: "Kim" })
      return { ...customer, headers: (await createCustomerHeaders(getContainer(), customer, { headers: demo.headers })).headers }
    }
    const cartCodes = async (cartId: string) =>
      (await knex().raw(`SELECT code FROM coupon_cart_code WHERE cart_id = ? AND deleted_at IS NULL ORDER BY code`, [cartId]))
        .rows.map((row: any) => row.code)
    const couponRow = async (code: string) =>
      (
        await knex().raw(`SELECT state, customer_id, uses_count, amount_used::text AS amount_used FROM coupon WHERE code = ?`, [
          code,
        ])
      ).rows[0]
    const redemptionCount = async () => Number((await knex().raw(`SELECT count(*) AS n FROM coupon_redemption`)).rows[0].n)
    const invalidCoupon = {
      status: 400,
      data: { type: "not_allowed", code: "coupon_invalid", message: COUPON_MESSAGES.invalid_code },
    }
    const invalidPromotion = (code: string) => ({
      status: 400,
      data: { type: "invalid_data", message: `The promotion code ${code} is invalid` },
    })
    const personalGift = (ownerId: string | null, code: string) =>
      createCouponPromotion(
        getContainer(),
        { coupon_type: "personal", discount_type: "fixed", discount_value: 50, currency_code: "eur" },
        [ownerId ? { code, customer_id: ownerId, state: "assigned" } : code]
      )

    describe("finding 1: a personal coupon is bound to the logged-in owner, never to the cart's e-mail", () => {
      it("a guest cart carrying the owner's e-mail cannot apply the owner's personal coupon on any path; nothing is held or spent", async () => {
        const owner = await account("owner@coupons.test")
        await personalGift(owner.id, "GIFTOWNER50")
        // The premise: Medusa attaches the registered customer found by e-mail to an anonymous cart.
        const cart = await cartWith(demo.headers, { email: owner.email })
        expect(cart.customer_id).toBe(owner.id)

        const refused = [
          await apply(cart.id, "GIFTOWNER50"),
          await post(`/store/carts/${cart.id}`, { promo_codes: ["GIFTOWNER50"] }),
          await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["GIFTOWNER50"] }),
        ]
        for (const res of refused) {
          expect(answer(res)).toEqual({ status: 401, data: { type: "unauthorized", message: CART_ACCESS_MESSAGE } })
        }
        expect(await cartCodes(cart.id)).toEqual([])
        const after = (await api.get(`/store/carts/${cart.id}`, config(demo.headers))).data.cart
        expect(couponLines(after)).toEqual({})
        const untouched = { state: "assigned", customer_id: owner.id, uses_count: 0, amount_used: null }
        expect(await couponRow("GIFTOWNER50")).toEqual(untouched)
        expect(await redemptionCount()).toBe(0)

        // The owner, logged in on the same cart, may.
        const own = await apply(cart.id, "GIFTOWNER50", owner.headers)
        expect(own.status).toBe(200)
        expect(couponLines(own.data.cart)).toEqual({ "Wool Sweater": 30.77, "Knit Scarf": 19.23 })
      })

      it("a personal code applied by its owner leaves a cart whose customer changes, and completion re-checks the owner", async () => {
        const owner = await account("owner@coupons.test")
        const taker = await account("taker@coupons.test")
        await personalGift(owner.id, "GIFTOWNER50")
        const cart = await cartWith(owner.headers)
        expect(cart.customer_id).toBe(owner.id)
        expect((await apply(cart.id, "GIFTOWNER50", owner.headers)).status).toBe(200)

        // Another account takes the cart over (Medusa's own route): the code no longer has its owner on the cart.
        const taken = await post(`/store/carts/${cart.id}/customer`, {}, taker.headers)
        expect(taken.status).toBe(200)
        expect(taken.data.cart.customer_id).toBe(taker.id)
        expect(couponLines(taken.data.cart)).toEqual({})
        expect(await cartCodes(cart.id)).toEqual([])
        expect(await couponRow("GIFTOWNER50")).toEqual({
          state: "assigned",
          customer_id: owner.id,
          uses_count: 0,
          amount_used: null,
        })
      })

      it("completion refuses a personal coupon when the cart's customer is no longer the one who applied it", async () => {
        const owner = await account("owner@coupons.test")
        const other = await account("other@coupons.test")
        await personalGift(owner.id, "GIFTOWNER50")
        const cart = await cartWith(owner.headers)
        expect((await apply(cart.id, "GIFTOWNER50", owner.headers)).status).toBe(200)
        // An app's own workflow moves the cart to someone else without a refresh (the adjustments stay).
        await getContainer().resolve(Modules.CART).updateCarts(cart.id, { customer_id: other.id })

        await payForCart(getContainer(), cart.id)
        const completed = await post(`/store/carts/${cart.id}/complete`, {}, other.headers)
        expect(answer(completed)).toEqual({
          status: 400,
          data: expect.objectContaining({ type: "not_allowed", message: COUPON_MESSAGES.invalid_code }),
        })
        expect(await redemptionCount()).toBe(0)
        expect(await couponRow("GIFTOWNER50")).toEqual({
          state: "assigned",
          customer_id: owner.id,
          uses_count: 0,
          amount_used: null,
        })
      })
    })

    describe("finding 2: no existence oracle for personal codes", () => {
      it("a guest gets the unknown-code refusal for an existing personal code (owned or not), on every path", async () => {
        const owner = await account("owner@coupons.test")
        await personalGift(owner.id, "GIFTOWNER50")
        await personalGift(null, "GIFTNOBODY50")
        const cart = await cartWith()

        for (const code of ["GIFTOWNER50", "GIFTNOBODY50", "NOSUCHCODE9"]) {
          expect(answer(await apply(cart.id, code))).toEqual(invalidCoupon)
          expect(answer(await post(`/store/carts/${cart.id}`, { promo_codes: [code] }))).toEqual(invalidPromotion(code))
          expect(answer(await post(`/store/carts/${cart.id}/promotions`, { promo_codes: [code] }))).toEqual(
            invalidPromotion(code)
          )
        }
        expect(await cartCodes(cart.id)).toEqual([])
      })

      it("a logged-in customer gets the same refusal for someone else's personal code as for an unknown one", async () => {
        const owner = await account("owner@coupons.test")
        const other = await account("other@coupons.test")
        await personalGift(owner.id, "GIFTOWNER50")
        const cart = await cartWith(other.headers)
        expect(answer(await apply(cart.id, "GIFTOWNER50", other.headers))).toEqual(invalidCoupon)
        expect(answer(await apply(cart.id, "NOSUCHCODE9", other.headers))).toEqual(invalidCoupon)
        expect(answer(await post(`/store/carts/${cart.id}`, { promo_codes: ["GIFTOWNER50"] }, other.headers))).toEqual(
          invalidPromotion("GIFTOWNER50")
        )
        expect(await cartCodes(cart.id)).toEqual([])
      })
    })

    describe("finding 3: the throttle keys on the peer address; X-Forwarded-For changes nothing by default", () => {
      it("rotating X-Forwarded-For and new carts from one address still hits the per-address limit", async () => {
        await createCouponPromotion(getContainer(), {}, ["GOODCODE9"])
        const statuses: number[] = []
        let cart = await cartWith()
        for (let i = 0; i < 45; i++) {
          if (i % 5 === 0) {
            cart = await cartWith()
          }
          const headers = { ...demo.headers, "x-forwarded-for": `203.0.113.${i + 1}` }
          statuses.push((await apply(cart.id, `WRONG${i}XYZ`, headers)).status)
        }
        // 30 refusals per address (default), then 429 whatever the header says.
        expect(statuses.slice(0, 30)).toEqual(Array(30).fill(400))
        expect(statuses.slice(30)).toEqual(Array(15).fill(429))
        const fresh = await cartWith()
        const blocked = await apply(fresh.id, "GOODCODE9", { ...demo.headers, "x-forwarded-for": "198.51.100.7" })
        expect(answer(blocked)).toEqual({ status: 429, data: THROTTLED })
        const rows = (await knex().raw(`SELECT DISTINCT client_ip FROM coupon_failed_attempt`)).rows
        expect(rows.map((row: any) => row.client_ip)).toEqual(["127.0.0.1"])
      })

      it("a forged X-Forwarded-For naming a victim's address does not lock the victim out", async () => {
        await createCouponPromotion(getContainer(), {}, ["GOODCODE9"])
        for (let i = 0; i < 6; i++) {
          const cart = await cartWith()
          for (let j = 0; j < 5; j++) {
            await apply(cart.id, `WRONG${i}${j}XYZ`, { ...demo.headers, "x-forwarded-for": "::ffff:127.0.0.2" }, "127.0.0.1")
          }
        }
        const victimCart = await cartWith()
        const victim = await apply(victimCart.id, "GOODCODE9", demo.headers, "127.0.0.2")
        expect(victim.status).toBe(200)
        expect(couponLines(victim.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
        // The attacker locked out only itself.
        const attackerCart = await cartWith()
        expect((await apply(attackerCart.id, "GOODCODE9", demo.headers, "127.0.0.1")).status).toBe(429)
      })

      it("a logged-in customer is throttled across addresses and carts; others are not", async () => {
        await createCouponPromotion(getContainer(), {}, ["GOODCODE9"])
        const prober = await account("prober@coupons.test")
        const bystander = await account("bystander@coupons.test")
        const statuses: number[] = []
        for (let i = 0; i < 5; i++) {
          const cart = await cartWith(prober.headers)
          for (let j = 0; j < 5; j++) {
            statuses.push((await apply(cart.id, `WRONG${i}${j}XYZ`, prober.headers, `127.0.1.${i * 5 + j + 1}`)).status)
          }
        }
        // 20 refusals per customer (default), each from another address and at most 5 per cart.
        expect(statuses.slice(0, 20)).toEqual(Array(20).fill(400))
        expect(statuses.slice(20)).toEqual(Array(5).fill(429))
        const fresh = await cartWith(prober.headers)
        expect(answer(await apply(fresh.id, "GOODCODE9", prober.headers, "127.0.2.1"))).toEqual({ status: 429, data: THROTTLED })
        const other = await cartWith(bystander.headers)
        expect((await apply(other.id, "GOODCODE9", bystander.headers, "127.0.2.2")).status).toBe(200)
      })
    })

    describe("finding 4: coupon routes on an account's cart need that account", () => {
      it("another logged-in shopper can neither apply nor remove codes on it, nor read its e-mail; nothing is written", async () => {
        await createCouponPromotion(getContainer(), {}, ["GOODCODE9", "OTHERCODE9"])
        const victim = await account("victim@coupons.test")
        const attacker = await account("attacker@coupons.test")
        const cart = await cartWith(victim.headers)
        expect((await apply(cart.id, "GOODCODE9", victim.headers)).status).toBe(200)

        const forbidden = { status: 403, data: { type: "forbidden", message: CART_ACCESS_MESSAGE } }
        const attempts = [
          await apply(cart.id, "OTHERCODE9", attacker.headers),
          await del(`/store/carts/${cart.id}/coupons/GOODCODE9`, attacker.headers),
          await post(`/store/carts/${cart.id}`, { promo_codes: ["OTHERCODE9"] }, attacker.headers),
          await post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["OTHERCODE9"] }, attacker.headers),
          await api
            .delete(`/store/carts/${cart.id}/promotions`, { ...config(attacker.headers), data: { promo_codes: ["GOODCODE9"] } })
            .catch((e: any) => e.response),
        ]
        for (const res of attempts) {
          expect(answer(res)).toEqual(forbidden)
          expect(JSON.stringify(res.data)).not.toContain("victim@coupons.test")
        }
        // Without any login: 401, the same message.
        expect(answer(await apply(cart.id, "OTHERCODE9"))).toEqual({
          status: 401,
          data: { type: "unauthorized", message: CART_ACCESS_MESSAGE },
        })
        expect(answer(await del(`/store/carts/${cart.id}/coupons/GOODCODE9`))).toEqual({
          status: 401,
          data: { type: "unauthorized", message: CART_ACCESS_MESSAGE },
        })
        expect(await cartCodes(cart.id)).toEqual(["GOODCODE9"])
        expect(Number((await knex().raw(`SELECT count(*) AS n FROM coupon_failed_attempt`)).rows[0].n)).toBe(0)

        // The owner still can.
        expect((await del(`/store/carts/${cart.id}/coupons/GOODCODE9`, victim.headers)).status).toBe(200)
        expect(await cartCodes(cart.id)).toEqual([])
      })

      it("a guest cart stays open to whoever holds it, with or without a guest e-mail", async () => {
        await createCouponPromotion(getContainer(), {}, ["GOODCODE9"])
        const plain = await cartWith()
        const withEmail = await cartWith(demo.headers, { email: "guest@coupons.test" })
        const guest = await knex().raw(`SELECT has_account FROM customer WHERE id = ?`, [withEmail.customer_id])
        expect(guest.rows).toEqual([{ has_account: false }])
        for (const cart of [plain, withEmail]) {
          const res = await apply(cart.id, "GOODCODE9")
          expect(res.status).toBe(200)
          expect(couponLines(res.data.cart)).toEqual({ "Wool Sweater": 8, "Knit Scarf": 5 })
          expect((await del(`/store/carts/${cart.id}/coupons/GOODCODE9`)).status).toBe(200)
        }
      })
    })

    describe("store inputs bounded like the admin ones", () => {
      it("GET /store/customers/me/coupons refuses a negative or huge offset/limit with a 400 naming it", async () => {
        const shopper = await account("pager@coupons.test")
        const get = (query: string) =>
          api.get(`/store/customers/me/coupons?${query}`, config(shopper.headers)).catch((e: any) => e.response)
        expect(answer(await get("offset=-5"))).toEqual({
          status: 400,
          data: { type: "invalid_data", message: "Invalid request: Value for field 'offset' too small, expected at least: '0'" },
        })
        expect(answer(await get("limit=100000000000000000000"))).toEqual({
          status: 400,
          data: {
            type: "invalid_data",
            message: "Invalid request: Value for field 'limit' too big, expected at most: '2147483647'",
          },
        })
        expect((await get("limit=5")).status).toBe(200)
      })
    })
  },
})
