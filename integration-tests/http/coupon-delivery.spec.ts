// Read by medusa-config.ts when the app boots: one app-specific event for the assignment-rule tests.
process.env.COUPON_ASSIGNMENT_RULE_EVENTS = "app.newsletter_confirmed"

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { renderCouponSnippets } from "../../src/lib/coupon-snippets"
import { createAdminHeaders, createCustomerHeaders, createStoreHeaders } from "../helpers/auth"
import { createTestCustomers, seedPromotionWithCodes } from "../helpers/coupons"

jest.setTimeout(180 * 1000)

/** Subscribers run after the emitting workflow returns: poll until the effect shows (or fail after 10 s). */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() - started > timeoutMs) {
      return value
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: Awaited<ReturnType<typeof createAdminHeaders>>

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    const couponsOf = (customerId: string) =>
      getContainer().resolve(COUPON_MODULE).listCoupons({ customer_id: customerId }, { relations: ["promotion"] })

    describe("/admin/coupon-assignment-rules", () => {
      it("creates, lists, switches off and deletes rules", async () => {
        const { promotion } = await seedPromotionWithCodes(getContainer(), 1)
        const created = await api.post(
          "/admin/coupon-assignment-rules",
          { name: "Welcome", event_name: "customer.created", promotion: "WELCOME" },
          admin
        )
        expect(created.status).toBe(201)
        expect(created.data.coupon_assignment_rule).toEqual(
          expect.objectContaining({
            name: "Welcome",
            event_name: "customer.created",
            promotion_id: promotion.id,
            customer_id_path: "id",
            resolve_customer_from: "customer",
            enabled: true,
          })
        )
        const order = await api.post(
          "/admin/coupon-assignment-rules",
          { event_name: "order.placed", promotion: promotion.id },
          admin
        )
        expect(order.data.coupon_assignment_rule.resolve_customer_from).toBe("order")

        const list = await api.get("/admin/coupon-assignment-rules?event_name=customer.created", admin)
        expect(list.data).toEqual({
          coupon_assignment_rules: [expect.objectContaining({ id: created.data.coupon_assignment_rule.id })],
          events: ["customer.created", "order.placed", "app.newsletter_confirmed"],
          count: 1,
          offset: 0,
          limit: 20,
        })

        const id = created.data.coupon_assignment_rule.id
        const off = await api.post(`/admin/coupon-assignment-rules/${id}`, { enabled: false }, admin)
        expect(off.data.coupon_assignment_rule).toEqual(expect.objectContaining({ id, enabled: false, name: "Welcome" }))

        const deleted = await api.delete(`/admin/coupon-assignment-rules/${id}`, admin)
        expect(deleted.data).toEqual({ id, object: "coupon_assignment_rule", deleted: true })
        const gone = await api.get(`/admin/coupon-assignment-rules/${id}`, admin).catch((e) => e)
        expect(gone.response.status).toBe(404)
        expect(gone.response.data.message).toBe(`Coupon assignment rule ${id} was not found`)
      })

      it("refuses unknown events, unknown or archived promotions and bad paths, writing nothing", async () => {
        await seedPromotionWithCodes(getContainer(), 1)
        await seedPromotionWithCodes(getContainer(), 1, { custom_id: "OLD", archived_at: new Date() })
        const post = (body: Record<string, unknown>) =>
          api.post("/admin/coupon-assignment-rules", body, admin).catch((e) => e.response)

        const unknownEvent = await post({ event_name: "newsletter.subscribed", promotion: "WELCOME" })
        expect(unknownEvent.status).toBe(400)
        expect(unknownEvent.data.message).toBe(
          "Event newsletter.subscribed is not one assignment rules listen to (customer.created, order.placed, " +
            "app.newsletter_confirmed): add it to the plugin option assignmentRuleEvents"
        )
        const unknownPromotion = await post({ event_name: "customer.created", promotion: "NOPE" })
        expect(unknownPromotion.status).toBe(404)
        expect(unknownPromotion.data.message).toBe("Coupon promotion NOPE was not found")
        const archived = await post({ event_name: "customer.created", promotion: "OLD" })
        expect(archived.status).toBe(400)
        expect(archived.data.message).toBe("Coupon promotion OLD is archived: its codes can no longer be given")
        const badPath = await post({ event_name: "customer.created", promotion: "WELCOME", customer_id_path: "a..b" })
        expect(badPath.status).toBe(400)

        expect(await getContainer().resolve(COUPON_MODULE).listCouponAssignmentRules({})).toEqual([])
      })
    })

    describe("rules firing on events", () => {
      it("gives a coupon on customer.created, once, and not for switched-off rules", async () => {
        const container = getContainer()
        await seedPromotionWithCodes(container, 5)
        await seedPromotionWithCodes(container, 5, { custom_id: "MULTI", allow_multiple_per_customer: true })
        await seedPromotionWithCodes(container, 5, { custom_id: "OFF" })
        await api.post("/admin/coupon-assignment-rules", { event_name: "customer.created", promotion: "WELCOME" }, admin)
        await api.post("/admin/coupon-assignment-rules", { event_name: "customer.created", promotion: "MULTI" }, admin)
        await api.post(
          "/admin/coupon-assignment-rules",
          { event_name: "customer.created", promotion: "OFF", enabled: false },
          admin
        )

        const {
          result: [customer],
        } = await createCustomersWorkflow(container).run({
          input: { customersData: [{ email: "new@coupons.test", first_name: "New" }] },
        })
        const coupons = await waitFor(
          () => couponsOf(customer.id),
          (list) => list.length >= 2
        )
        // Let any duplicate delivery land before counting.
        await new Promise((resolve) => setTimeout(resolve, 500))
        const final = await couponsOf(customer.id)
        expect(final.map((c) => c.promotion!.custom_id).sort()).toEqual(["MULTI", "WELCOME"])
        expect(coupons.every((c) => c.state === "assigned")).toBe(true)
      })

      it("fires on an app's own event with a configured customer id path", async () => {
        const container = getContainer()
        await seedPromotionWithCodes(container, 2, { custom_id: "NEWSLETTER" })
        const [customer] = await createTestCustomers(container, 1)
        await api.post(
          "/admin/coupon-assignment-rules",
          { event_name: "app.newsletter_confirmed", promotion: "NEWSLETTER", customer_id_path: "subscriber.customer_id" },
          admin
        )
        await container
          .resolve(Modules.EVENT_BUS)
          .emit({ name: "app.newsletter_confirmed", data: { subscriber: { customer_id: customer.id } } })
        const coupons = await waitFor(
          () => couponsOf(customer.id),
          (list) => list.length === 1
        )
        expect(coupons.map((c) => c.promotion!.custom_id)).toEqual(["NEWSLETTER"])
      })

      it("gives a coupon on order.placed to the order's customer, and nothing for a guest order", async () => {
        const container = getContainer()
        await seedPromotionWithCodes(container, 3, { custom_id: "THANKYOU" })
        const [customer] = await createTestCustomers(container, 1)
        // order.placed carries only the order id: the rule defaults to finding the customer on the order.
        const rule = await api.post(
          "/admin/coupon-assignment-rules",
          { event_name: "order.placed", promotion: "THANKYOU" },
          admin
        )
        expect(rule.status).toBe(201)
        expect(rule.data.coupon_assignment_rule).toMatchObject({
          event_name: "order.placed",
          customer_id_path: "id",
          resolve_customer_from: "order",
        })
        const [order, guestOrder] = await container.resolve(Modules.ORDER).createOrders([
          { customer_id: customer.id, email: customer.email, currency_code: "eur" },
          { email: "guest@coupons.test", currency_code: "eur" },
        ])

        // The rule itself, as the subscriber runs it: a guest order is skipped with its reason, nothing given.
        const { fireCouponAssignmentRules } = await import("../../src/workflows/assignment/fire-assignment-rules")
        expect(await fireCouponAssignmentRules(container, "order.placed", { id: guestOrder.id })).toEqual([
          { rule_id: rule.data.coupon_assignment_rule.id, customer_id: null, skipped: `order ${guestOrder.id} has no customer` },
        ])

        // And through the event bus, as Medusa's checkout emits it.
        await container.resolve(Modules.EVENT_BUS).emit({ name: "order.placed", data: { id: order.id } })
        const coupons = await waitFor(
          () => couponsOf(customer.id),
          (list) => list.length >= 1
        )
        expect(coupons.map((c) => [c.promotion!.custom_id, c.state])).toEqual([["THANKYOU", "assigned"]])
        const [promotion] = await container.resolve(COUPON_MODULE).listCouponPromotions({ custom_id: "THANKYOU" })
        expect(promotion).toMatchObject({ codes_total: 3, codes_assigned: 1, codes_unassigned: 2 })
      })
    })

    describe("coupon given notification", () => {
      it("sends the code through the notification module's local provider", async () => {
        const container = getContainer()
        const { promotion } = await seedPromotionWithCodes(container, 3, {
          custom_id: "GIFT",
          coupon_type: "personal",
          discount_type: "fixed",
          discount_value: 20,
          currency_code: "eur",
          valid_days_after_assignment: 30,
          metadata: { notification_message: '<p>Hi! Your gift code: {{coupon "GIFT"}}</p>' },
        })
        const [customer] = await createTestCustomers(container, 1)
        const given = await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customer.id }, admin)

        const notificationModule = container.resolve(Modules.NOTIFICATION)
        // Selected by the coupon it is about: a previous test's subscriber can still deliver its own notification
        // late on a loaded machine, after the database was restored for this test.
        const [notification] = await waitFor(
          () =>
            notificationModule.listNotifications({ template: "coupon-assigned", resource_id: given.data.coupon.id }),
          (list) => list.length > 0
        )
        expect(notification).toEqual(
          expect.objectContaining({
            to: customer.email,
            channel: "email",
            template: "coupon-assigned",
            trigger_type: "coupon.assigned",
            resource_id: given.data.coupon.id,
            resource_type: "coupon",
            receiver_id: customer.id,
            provider_id: "local",
            data: {
              code: given.data.coupon.code,
              promotion_custom_id: "GIFT",
              promotion_name: "Promotion GIFT",
              promotion_description: null,
              discount_text: "20.00 EUR",
              assigned_at: new Date(given.data.coupon.assigned_at).toISOString(),
              expires_at: new Date(given.data.coupon.expires_at).toISOString(),
              balance: "20.00 EUR",
              message: `<p>Hi! Your gift code: ${given.data.coupon.code}</p>`,
              customer: { id: customer.id, email: customer.email, first_name: "C1", last_name: null },
            },
          })
        )
      })
    })

    describe("GET /store/customers/me/coupons and snippets", () => {
      it("shows a customer only their own codes, filtered by promotion custom ID", async () => {
        const container = getContainer()
        const store = await createStoreHeaders(container)
        const { promotion: welcome } = await seedPromotionWithCodes(container, 5)
        const { promotion: spring } = await seedPromotionWithCodes(container, 5, { custom_id: "SPRING" })
        const [alice, bob] = await createTestCustomers(container, 2)
        const give = async (promotionId: string, customerId: string) =>
          (await api.post(`/admin/coupon-promotions/${promotionId}/assign`, { customer_id: customerId }, admin)).data
            .coupon
        const aliceWelcome = await give(welcome.id, alice.id)
        const aliceSpring = await give(spring.id, alice.id)
        await give(welcome.id, bob.id)

        const aliceHeaders = await createCustomerHeaders(container, alice, store)
        const all = await api.get("/store/customers/me/coupons", aliceHeaders)
        expect(all.status).toBe(200)
        expect(all.data.count).toBe(2)
        expect(all.data.coupons.map((c: any) => c.code).sort()).toEqual([aliceWelcome.code, aliceSpring.code].sort())
        expect(all.data.coupons[0]).toEqual(
          expect.objectContaining({ code: expect.any(String), state: "assigned", promotion: expect.any(Object) })
        )
        expect(all.data.coupons[0].customer_id).toBeUndefined()
        expect(all.data.coupons[0].promotion.codes_total).toBeUndefined()

        const filtered = await api.get("/store/customers/me/coupons?promotion=SPRING", aliceHeaders)
        expect(filtered.data.coupons).toEqual([
          expect.objectContaining({ code: aliceSpring.code, promotion: expect.objectContaining({ custom_id: "SPRING" }) }),
        ])
        const unknown = await api.get("/store/customers/me/coupons?promotion=NOPE", aliceHeaders)
        expect(unknown.data.coupons).toEqual([])

        const anonymous = await api.get("/store/customers/me/coupons", store).catch((e) => e)
        expect(anonymous.response.status).toBe(401)
      })

      it("renders {{coupon}} tags with the customer's code and empty strings otherwise", async () => {
        const container = getContainer()
        const couponModule = container.resolve(COUPON_MODULE)
        const { promotion } = await seedPromotionWithCodes(container, 3)
        await seedPromotionWithCodes(container, 3, { custom_id: "SPRING" })
        const [alice, bob] = await createTestCustomers(container, 2)
        const given = await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: alice.id }, admin)
        const text = `Code: {{coupon "WELCOME"}} / spring: {{ coupon 'SPRING' }} / none: {{coupon "NOPE"}}`

        expect(await renderCouponSnippets(text, alice.id, container)).toBe(
          `Code: ${given.data.coupon.code} / spring:  / none: `
        )
        expect(await renderCouponSnippets(text, bob.id, container)).toBe("Code:  / spring:  / none: ")
        expect(await renderCouponSnippets(text, null, container)).toBe("Code:  / spring:  / none: ")

        // A used-up or expired code is not rendered.
        await couponModule.updateCoupons({ id: given.data.coupon.id, expires_at: new Date(Date.now() - 1000) })
        expect(await renderCouponSnippets('{{coupon "WELCOME"}}', alice.id, container)).toBe("")
      })
    })
  },
})
