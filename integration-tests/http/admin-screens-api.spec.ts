import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createAdminHeaders } from "../helpers/auth"
import { createTestCustomers, seedPromotionWithCodes } from "../helpers/coupons"

jest.setTimeout(180 * 1000)

/** Subscribers run after the emitting workflow returns: poll until the effect shows (or give up after 10 s). */
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

// The API behind the admin's "Send 'Coupon given' notification" switch (issue 18): a promotion's notify_on_assign.
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: Awaited<ReturnType<typeof createAdminHeaders>>

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    describe("notify_on_assign", () => {
      it("defaults to true, is stored, changed, copied by duplicate and refused when not a boolean", async () => {
        const body = {
          custom_id: "NOTIFY",
          name: "Notify",
          coupon_type: "promotion_code",
          discount_type: "percentage",
          discount_value: 10,
        }
        const created = await api.post("/admin/coupon-promotions", body, admin)
        expect(created.data.coupon_promotion.notify_on_assign).toBe(true)

        const silent = await api.post(
          "/admin/coupon-promotions",
          { ...body, custom_id: "SILENT", notify_on_assign: false },
          admin
        )
        expect(silent.data.coupon_promotion.notify_on_assign).toBe(false)
        const id = silent.data.coupon_promotion.id
        expect((await api.get(`/admin/coupon-promotions/${id}`, admin)).data.coupon_promotion.notify_on_assign).toBe(false)

        const copy = await api.post(`/admin/coupon-promotions/${id}/duplicate`, {}, admin)
        expect(copy.data.coupon_promotion.notify_on_assign).toBe(false)

        // An update that does not name it keeps it; naming it changes it.
        const renamed = await api.post(`/admin/coupon-promotions/${id}`, { name: "Silent" }, admin)
        expect(renamed.data.coupon_promotion.notify_on_assign).toBe(false)
        const loud = await api.post(`/admin/coupon-promotions/${id}`, { notify_on_assign: true }, admin)
        expect(loud.data.coupon_promotion.notify_on_assign).toBe(true)

        const bad = await api
          .post(`/admin/coupon-promotions/${id}`, { notify_on_assign: "no" }, admin)
          .catch((e: any) => e.response)
        expect(bad.status).toBe(400)
        expect(bad.data.message).toContain("notify_on_assign")
      })

      it("false: coupon.assigned is emitted and no notification sent; true: the notification is sent", async () => {
        const container = getContainer()
        const { promotion: silent } = await seedPromotionWithCodes(container, 3, {
          custom_id: "SILENT",
          notify_on_assign: false,
        })
        const { promotion: loud } = await seedPromotionWithCodes(container, 3, { custom_id: "LOUD" })
        const [first, second, third] = await createTestCustomers(container, 3)
        const group = await container.resolve(Modules.CUSTOMER).createCustomerGroups({ name: "Silent group" })
        await container
          .resolve(Modules.CUSTOMER)
          .addCustomerToGroup([third].map((c) => ({ customer_id: c.id, customer_group_id: group.id })))

        const assigned: { id: string; promotion_id: string }[] = []
        container.resolve(Modules.EVENT_BUS).subscribe(
          "coupon.assigned",
          async (event: any) => void assigned.push(event.data),
          { subscriberId: "test-admin-screens-assigned" }
        )

        // One silent code given by an admin, one by a customer-group run, then one loud code.
        const silentGiven = await api.post(
          `/admin/coupon-promotions/${silent.id}/assign`,
          { customer_id: first.id },
          admin
        )
        const bulk = await api.post(
          `/admin/coupon-promotions/${silent.id}/assign-group`,
          { customer_group_id: group.id },
          admin
        )
        const finished = await waitFor(
          async () =>
            (await api.get(`/admin/coupon-promotions/${silent.id}/assign-group/${bulk.data.bulk_assignment.id}`, admin))
              .data.bulk_assignment,
          (b) => ["completed", "failed"].includes(b.state)
        )
        expect(finished).toEqual(expect.objectContaining({ state: "completed", assigned_count: 1 }))
        const loudGiven = await api.post(`/admin/coupon-promotions/${loud.id}/assign`, { customer_id: second.id }, admin)

        const notifications = container.resolve(Modules.NOTIFICATION)
        const sent = await waitFor(
          () => notifications.listNotifications({ template: "coupon-assigned", resource_id: loudGiven.data.coupon.id }),
          (list) => list.length > 0
        )
        expect(sent).toEqual([
          expect.objectContaining({
            to: second.email,
            trigger_type: "coupon.assigned",
            data: expect.objectContaining({ code: loudGiven.data.coupon.code, promotion_custom_id: "LOUD" }),
          }),
        ])

        // Every give emitted its event, the silent ones included.
        await waitFor(
          async () => assigned.length,
          (n) => n >= 3
        )
        const silentCodes = (await api.get(`/admin/coupon-promotions/${silent.id}/coupons?state=assigned`, admin)).data
          .coupons as { id: string; customer_id: string }[]
        expect(silentCodes.map((c) => c.customer_id).sort()).toEqual([first.id, third.id].sort())
        expect(assigned.filter((e) => e.promotion_id === silent.id).map((e) => e.id).sort()).toEqual(
          silentCodes.map((c) => c.id).sort()
        )
        expect(assigned.filter((e) => e.promotion_id === loud.id).map((e) => e.id)).toEqual([loudGiven.data.coupon.id])
        expect(silentGiven.data.coupon.id).toBe(silentCodes.find((c) => c.customer_id === first.id)!.id)

        // The loud notification went out after the silent gives; give any late subscriber a moment more anyway.
        await new Promise((resolve) => setTimeout(resolve, 1000))
        expect(await notifications.listNotifications({ resource_id: silentCodes.map((c) => c.id) })).toEqual([])
      })
    })
  },
})
