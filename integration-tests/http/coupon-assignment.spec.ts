import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { createAdminHeaders } from "../helpers/auth"
import { createTestCustomers, seedPromotionWithCodes } from "../helpers/coupons"

jest.setTimeout(180 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: Awaited<ReturnType<typeof createAdminHeaders>>

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    const counters = async (promotionId: string) => {
      const couponModule = getContainer().resolve(COUPON_MODULE)
      const promotion = await couponModule.retrieveCouponPromotion(promotionId)
      const [batch] = await couponModule.listCouponBatches({ promotion_id: promotionId })
      return {
        promotion: { unassigned: promotion.codes_unassigned, assigned: promotion.codes_assigned },
        batch: { unassigned: batch.codes_unassigned, assigned: batch.codes_assigned },
      }
    }

    describe("POST /admin/coupon-promotions/:id/assign", () => {
      it("assigns one unassigned code to the customer and moves the counters", async () => {
        const container = getContainer()
        const { promotion } = await seedPromotionWithCodes(container, 3)
        const [customer] = await createTestCustomers(container, 1)

        const res = await api.post(
          `/admin/coupon-promotions/${promotion.id}/assign`,
          { customer_id: customer.id },
          admin
        )
        expect(res.status).toBe(200)
        expect(res.data).toEqual({
          coupon: expect.objectContaining({
            code: expect.stringMatching(/^WELCOME000[1-3]$/),
            state: "assigned",
            customer_id: customer.id,
            assigned_at: expect.any(String),
            expires_at: null,
            promotion_id: promotion.id,
          }),
          created: true,
          codes_unassigned: 2,
          warning: "Only 2 unassigned codes left in coupon promotion WELCOME",
        })
        expect(await counters(promotion.id)).toEqual({
          promotion: { unassigned: 2, assigned: 1 },
          batch: { unassigned: 2, assigned: 1 },
        })
      })

      it("is idempotent per (promotion, customer), by id or custom ID, unless several codes are allowed", async () => {
        const container = getContainer()
        const { promotion } = await seedPromotionWithCodes(container, 30)
        const { promotion: multi } = await seedPromotionWithCodes(container, 30, {
          custom_id: "MULTI",
          allow_multiple_per_customer: true,
        })
        const [customer] = await createTestCustomers(container, 1)

        const first = await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customer.id }, admin)
        const again = await api.post(`/admin/coupon-promotions/WELCOME/assign`, { customer_id: customer.id }, admin)
        expect(again.data.created).toBe(false)
        expect(again.data.warning).toBeNull()
        expect(again.data.coupon.code).toBe(first.data.coupon.code)
        expect((await counters(promotion.id)).promotion).toEqual({ unassigned: 29, assigned: 1 })

        // Concurrent repeats for one customer still give a single code.
        const racing = await Promise.all(
          Array.from({ length: 5 }, () =>
            api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customer.id }, admin)
          )
        )
        expect(new Set(racing.map((r) => r.data.coupon.code))).toEqual(new Set([first.data.coupon.code]))
        expect((await counters(promotion.id)).promotion).toEqual({ unassigned: 29, assigned: 1 })

        const m1 = await api.post(`/admin/coupon-promotions/${multi.id}/assign`, { customer_id: customer.id }, admin)
        const m2 = await api.post(`/admin/coupon-promotions/${multi.id}/assign`, { customer_id: customer.id }, admin)
        expect([m1.data.created, m2.data.created]).toEqual([true, true])
        expect(m1.data.coupon.code).not.toBe(m2.data.coupon.code)
        expect((await counters(multi.id)).promotion).toEqual({ unassigned: 28, assigned: 2 })
      })

      it("gives 100 distinct codes to 100 concurrent customers and refuses the 101st cleanly", async () => {
        const container = getContainer()
        const { promotion } = await seedPromotionWithCodes(container, 100, { low_stock_threshold: 0 })
        const customers = await createTestCustomers(container, 101)

        const started = Date.now()
        const results = await Promise.all(
          customers.slice(0, 100).map((customer) =>
            api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customer.id }, admin)
          )
        )
        const elapsed = Date.now() - started
        // eslint-disable-next-line no-console
        console.log(`100 concurrent gives over HTTP: ${elapsed} ms`)
        expect(results.every((r) => r.status === 200 && r.data.created)).toBe(true)
        expect(new Set(results.map((r) => r.data.coupon.code)).size).toBe(100)
        expect(new Set(results.map((r) => r.data.coupon.customer_id)).size).toBe(100)

        const err = await api
          .post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customers[100].id }, admin)
          .catch((e) => e)
        expect(err.response.status).toBe(400)
        expect(err.response.data).toEqual({
          type: "not_allowed",
          message: "Coupon promotion WELCOME has no unassigned codes left",
        })
        expect(await counters(promotion.id)).toEqual({
          promotion: { unassigned: 0, assigned: 100 },
          batch: { unassigned: 0, assigned: 100 },
        })
        const couponModule = container.resolve(COUPON_MODULE)
        const held = await couponModule.listCoupons({ customer_id: customers[100].id })
        expect(held).toEqual([])
      })

      it("refuses archived promotions, unknown promotions, unknown customers and bad bodies, writing nothing", async () => {
        const container = getContainer()
        const couponModule = container.resolve(COUPON_MODULE)
        const { promotion } = await seedPromotionWithCodes(container, 2, { archived_at: new Date() })
        const [customer] = await createTestCustomers(container, 1)

        const archived = await api
          .post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customer.id }, admin)
          .catch((e) => e)
        expect(archived.response.status).toBe(400)
        expect(archived.response.data.message).toBe(
          "Coupon promotion WELCOME is archived: its codes can no longer be given"
        )

        const unknownPromotion = await api
          .post(`/admin/coupon-promotions/cpromo_nope/assign`, { customer_id: customer.id }, admin)
          .catch((e) => e)
        expect(unknownPromotion.response.status).toBe(404)
        expect(unknownPromotion.response.data.message).toBe("Coupon promotion cpromo_nope was not found")

        const unknownCustomer = await api
          .post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: "cus_nope" }, admin)
          .catch((e) => e)
        expect(unknownCustomer.response.status).toBe(404)
        expect(unknownCustomer.response.data.message).toBe("Customer cus_nope was not found")

        const badBody = await api
          .post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer: customer.id }, admin)
          .catch((e) => e)
        expect(badBody.response.status).toBe(400)

        expect(await couponModule.listCoupons({ state: "assigned" })).toEqual([])
        expect((await counters(promotion.id)).promotion).toEqual({ unassigned: 2, assigned: 0 })
      })

      it("sets the expiry N days after the code is given when the promotion says so", async () => {
        const container = getContainer()
        const { promotion } = await seedPromotionWithCodes(container, 2, { valid_days_after_assignment: 7 })
        const [customer] = await createTestCustomers(container, 1)
        const res = await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customer.id }, admin)
        const days = (Date.parse(res.data.coupon.expires_at) - Date.parse(res.data.coupon.assigned_at)) / 86400000
        expect(days).toBeCloseTo(7, 5)
      })
    })

    describe("low stock", () => {
      it("emits coupon_promotion.low_stock once when the pool reaches the promotion's threshold", async () => {
        const container = getContainer()
        const seen: any[] = []
        container
          .resolve(Modules.EVENT_BUS)
          .subscribe("coupon_promotion.low_stock", async (event: any) => void seen.push(event.data), {
            subscriberId: "test-low-stock",
          })
        const { promotion } = await seedPromotionWithCodes(container, 4, { low_stock_threshold: 2 })
        const customers = await createTestCustomers(container, 4)
        const warnings: (string | null)[] = []
        for (const customer of customers) {
          const res = await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customer.id }, admin)
          warnings.push(res.data.warning)
        }
        await new Promise((resolve) => setTimeout(resolve, 300))
        expect(warnings).toEqual([
          null,
          "Only 2 unassigned codes left in coupon promotion WELCOME",
          "Only 1 unassigned codes left in coupon promotion WELCOME",
          "Only 0 unassigned codes left in coupon promotion WELCOME",
        ])
        expect(seen).toEqual([{ id: promotion.id, custom_id: "WELCOME", codes_unassigned: 2, threshold: 2 }])
      })
    })

    describe("POST /admin/coupon-promotions/:id/assign-group", () => {
      it("gives a code to every customer of a group in the background, with progress, skipping holders", async () => {
        const container = getContainer()
        const customerModule = container.resolve(Modules.CUSTOMER)
        const { promotion } = await seedPromotionWithCodes(container, 5)
        const customers = await createTestCustomers(container, 7)
        const group = await customerModule.createCustomerGroups({ name: "VIP" })
        const small = await customerModule.createCustomerGroups({ name: "Late" })
        await customerModule.addCustomerToGroup([
          ...customers.slice(0, 5).map((c) => ({ customer_id: c.id, customer_group_id: group.id })),
          ...customers.slice(5).map((c) => ({ customer_id: c.id, customer_group_id: small.id })),
        ])
        await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customers[0].id }, admin)

        const started = await api.post(
          `/admin/coupon-promotions/WELCOME/assign-group`,
          { customer_group_id: group.id },
          admin
        )
        expect(started.status).toBe(202)
        expect(started.data.bulk_assignment).toEqual(
          expect.objectContaining({ state: "pending", total_count: 5, promotion_id: promotion.id })
        )
        const poll = async (id: string) => {
          for (let i = 0; i < 100; i++) {
            const res = await api.get(`/admin/coupon-promotions/${promotion.id}/assign-group/${id}`, admin)
            if (["completed", "failed"].includes(res.data.bulk_assignment.state)) {
              return res.data.bulk_assignment
            }
            await new Promise((resolve) => setTimeout(resolve, 100))
          }
          throw new Error("bulk assignment did not finish")
        }
        expect(await poll(started.data.bulk_assignment.id)).toEqual(
          expect.objectContaining({
            state: "completed",
            total_count: 5,
            processed_count: 5,
            assigned_count: 4,
            skipped_count: 1,
            error: null,
            completed_at: expect.any(String),
          })
        )
        expect((await counters(promotion.id)).promotion).toEqual({ unassigned: 0, assigned: 5 })

        // The pool is empty now: the next run stops cleanly and says why.
        const late = await api.post(`/admin/coupon-promotions/${promotion.id}/assign-group`, { customer_group_id: small.id }, admin)
        expect(await poll(late.data.bulk_assignment.id)).toEqual(
          expect.objectContaining({
            state: "failed",
            total_count: 2,
            processed_count: 0,
            assigned_count: 0,
            error: { message: "Coupon promotion WELCOME has no unassigned codes left" },
          })
        )

        const unknown = await api
          .post(`/admin/coupon-promotions/${promotion.id}/assign-group`, { customer_group_id: "cusgroup_nope" }, admin)
          .catch((e) => e)
        expect(unknown.response.status).toBe(404)
        expect(unknown.response.data.message).toBe("Customer group cusgroup_nope was not found")
        expect(await container.resolve(COUPON_MODULE).listCouponBulkAssignments({})).toHaveLength(2)
      })
    })

    describe("POST /admin/coupon-promotions/:id/coupons/:coupon_id/unassign", () => {
      it("takes an unused code back, clears its assignment expiry, and refuses used or free codes", async () => {
        const container = getContainer()
        const couponModule = container.resolve(COUPON_MODULE)
        const { promotion } = await seedPromotionWithCodes(container, 3, { valid_days_after_assignment: 7 })
        const [a, b] = await createTestCustomers(container, 2)
        const given = await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: a.id }, admin)
        const couponId = given.data.coupon.id

        const res = await api.post(`/admin/coupon-promotions/${promotion.id}/coupons/${couponId}/unassign`, {}, admin)
        expect(res.status).toBe(200)
        expect(res.data.coupon).toEqual(
          expect.objectContaining({ id: couponId, state: "unassigned", customer_id: null, assigned_at: null, expires_at: null })
        )
        expect(await counters(promotion.id)).toEqual({
          promotion: { unassigned: 3, assigned: 0 },
          batch: { unassigned: 3, assigned: 0 },
        })

        const free = await api
          .post(`/admin/coupon-promotions/${promotion.id}/coupons/${couponId}/unassign`, {}, admin)
          .catch((e) => e)
        expect(free.response.status).toBe(400)
        expect(free.response.data.message).toBe(`Coupon ${given.data.coupon.code} is not assigned (state: unassigned)`)

        const other = await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: b.id }, admin)
        await couponModule.updateCoupons({ id: other.data.coupon.id, uses_count: 1 })
        const used = await api
          .post(`/admin/coupon-promotions/${promotion.id}/coupons/${other.data.coupon.id}/unassign`, {}, admin)
          .catch((e) => e)
        expect(used.response.status).toBe(400)
        expect(used.response.data.message).toBe(`Coupon ${other.data.coupon.code} has been used and cannot be unassigned`)

        const wrongPromotion = await api
          .post(`/admin/coupon-promotions/OTHER/coupons/${other.data.coupon.id}/unassign`, {}, admin)
          .catch((e) => e)
        expect(wrongPromotion.response.status).toBe(404)
        expect((await counters(promotion.id)).promotion).toEqual({ unassigned: 2, assigned: 1 })
      })
    })
  },
})
