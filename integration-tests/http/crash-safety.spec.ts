import fs from "fs"
import os from "os"
import path from "path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { sweepStaleUploads } from "../../src/lib/upload-sweep"
import {
  BATCH_INTERRUPTED_MESSAGE,
  recoverCouponBatches,
  recoverCouponBulkAssignments,
} from "../../src/workflows/batches/recover-batches"
import { giveCouponWorkflow } from "../../src/workflows/assignment/workflows/give-coupon"
import { generateCouponBatchCodesWorkflow } from "../../src/workflows/batches/workflows/generate-batch-codes"
import { settleStaleCouponReservations } from "../../src/workflows/redemptions/release-stale-reservations"
import { pruneDeadCouponAdjustments } from "../../src/workflows/cart-coupons/prune-adjustments"
import { createAdminHeaders } from "../helpers/auth"
import { couponLines, createCheckoutCart, createCouponPromotion, seedDemoStoreBeforeEach } from "../helpers/checkout"
import { eventually, prepareCheckoutCart } from "../helpers/redemption"
import { seedPromotionWithCodes } from "../helpers/coupons"

jest.setTimeout(240 * 1000)

const TSHIRT = 3 // 15.00

/*
 * Issue 15: what a crash leaves behind is taken over or cleaned up. The crash itself is played by writing the rows a
 * killed worker leaves (a running batch whose heartbeat stopped, a reservation whose order link was never written);
 * `npm run test:faults` kills a real process with SIGKILL for the same paths.
 */
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    const demo = seedDemoStoreBeforeEach(getContainer)
    const service = () => getContainer().resolve(COUPON_MODULE)
    const knex = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const batchRow = async (id: string) =>
      (
        await knex().raw(
          `SELECT state, processed_count, codes_total, recovery_attempts, error, deleted_at IS NOT NULL AS deleted
             FROM coupon_batch WHERE id = ?`,
          [id]
        )
      ).rows[0]
    const liveCodes = async (batchId: string) =>
      Number(
        (await knex().raw(`SELECT count(*) AS n FROM coupon WHERE batch_id = ? AND deleted_at IS NULL`, [batchId])).rows[0].n
      )
    /** A generated batch as a worker left it: `state`, and a heartbeat (or creation) `age` seconds ago. */
    const orphan = async (state: "pending" | "running", ageSeconds: number, count = 40, attempts = 0) => {
      const { promotion } = await createCouponPromotion(getContainer(), {}, [])
      const batch = await service().createCouponBatches({
        promotion_id: promotion.id,
        source: "generated",
        state,
        requested_count: count,
        processed_count: state === "running" ? Math.floor(count / 3) : 0,
        pattern: { length: 10 },
        recovery_attempts: attempts,
      })
      await knex().raw(
        `UPDATE coupon_batch SET heartbeat_at = CASE WHEN state = 'running' THEN now() - make_interval(secs => ?) END,
                updated_at = now() - make_interval(secs => ?), started_at = now() - make_interval(secs => ?) WHERE id = ?`,
        [ageSeconds, ageSeconds, ageSeconds, batch.id]
      )
      return { promotion, batch }
    }

    describe("batches whose worker is gone", () => {
      it("a running batch past its lease and a pending batch nobody started are generated again, exactly once", async () => {
        const running = await orphan("running", 120)
        const pending = await orphan("pending", 60)
        const alive = await orphan("running", 2)
        // Two instances run the job at the same moment: each batch is taken over by one of them.
        const reports = await Promise.all([recoverCouponBatches(getContainer()), recoverCouponBatches(getContainer())])
        const requeued = reports.flatMap((report) => report.requeued).sort()
        expect(requeued).toEqual([running.batch.id, pending.batch.id].sort())
        expect(reports.flatMap((report) => report.failed)).toEqual([])
        // coupon_batch.created reaches the generation subscriber again.
        for (const { batch } of [running, pending]) {
          const row = await eventually(async () => ((await batchRow(batch.id)).state === "completed" ? batchRow(batch.id) : null))
          expect(row).toEqual(
            expect.objectContaining({ state: "completed", processed_count: 40, codes_total: 40, recovery_attempts: 1, error: null })
          )
          expect(await liveCodes(batch.id)).toBe(40)
        }
        // A batch whose worker still beats is left alone.
        expect(await batchRow(alive.batch.id)).toEqual(expect.objectContaining({ state: "running", recovery_attempts: 0 }))
      })

      it("after batchMaxRecoveries restarts the batch fails with its reason, and Retry generates it", async () => {
        const { promotion, batch } = await orphan("running", 120, 25, 3)
        const report = await recoverCouponBatches(getContainer())
        expect(report).toEqual({ requeued: [], failed: [batch.id] })
        expect(await batchRow(batch.id)).toEqual(
          expect.objectContaining({
            state: "failed",
            processed_count: 0,
            error: { type: "unexpected_state", message: BATCH_INTERRUPTED_MESSAGE(4) },
          })
        )
        expect(BATCH_INTERRUPTED_MESSAGE(4)).toBe(
          "Generation was interrupted 4 times (the server stopped while writing the codes); no code was written. Retry the batch, or delete it."
        )
        const admin = await createAdminHeaders(getContainer())
        const retried = await api.post(`/admin/coupon-promotions/${promotion.id}/batches/${batch.id}/retry`, {}, admin)
        expect(retried.status).toBe(200)
        expect(retried.data.batch).toEqual(
          expect.objectContaining({ id: batch.id, state: "completed", codes_total: 25, error: null, recovery_attempts: 0 })
        )
        expect(await liveCodes(batch.id)).toBe(25)
        // Only a failed generated batch can be retried.
        const again = await api
          .post(`/admin/coupon-promotions/${promotion.id}/batches/${batch.id}/retry`, {}, admin)
          .catch((e: any) => e.response)
        expect({ status: again.status, data: again.data }).toEqual({
          status: 400,
          data: { type: "not_allowed", message: `Coupon batch ${batch.id} is completed: only a failed batch can be retried` },
        })
      })

      it("two workers handed the same pending batch write it once", async () => {
        const { batch } = await orphan("pending", 0, 30)
        const runs = await Promise.all(
          [1, 2].map(() =>
            generateCouponBatchCodesWorkflow(getContainer()).run({ input: { batch_id: batch.id }, throwOnError: false })
          )
        )
        expect(runs.filter((run) => !run.errors?.length)).toHaveLength(1)
        expect(runs.flatMap((run) => run.errors ?? []).map((e: any) => e.error?.message)).toEqual([
          `Coupon batch ${batch.id} is running: only a pending generated batch can be generated`,
        ])
        expect(await liveCodes(batch.id)).toBe(30)
        expect(await batchRow(batch.id)).toEqual(expect.objectContaining({ state: "completed", codes_total: 30 }))
      })
    })

    describe("customer-group assignments whose worker is gone", () => {
      it("resume after the last customer saved, serving every customer exactly once", async () => {
        const container = getContainer()
        const { promotion } = await seedPromotionWithCodes(container, 20)
        const customerModule = container.resolve(Modules.CUSTOMER)
        const [group] = await customerModule.createCustomerGroups([{ name: "Fair visitors" }])
        const people = await customerModule.createCustomers(
          Array.from({ length: 12 }, (_, i) => ({ email: `visitor${i}@coupons.test` }))
        )
        await customerModule.addCustomerToGroup(people.map((c: any) => ({ customer_id: c.id, customer_group_id: group.id })))
        const sorted = people.map((c: any) => c.id).sort()
        // The run served the first 5 customers and saved its cursor, then its worker died.
        for (const customer_id of sorted.slice(0, 5)) {
          await giveCouponWorkflow(container).run({ input: { promotion: promotion.id, customer_id } })
        }
        const bulk = await service().createCouponBulkAssignments({
          promotion_id: promotion.id,
          customer_group_id: group.id,
          state: "running",
          total_count: 12,
          processed_count: 5,
          assigned_count: 5,
          cursor: sorted[4],
        })
        await knex().raw(`UPDATE coupon_bulk_assignment SET heartbeat_at = now() - interval '2 minutes' WHERE id = ?`, [
          bulk.id,
        ])

        expect(await recoverCouponBulkAssignments(container)).toEqual({ requeued: [bulk.id], failed: [] })
        const done = await eventually(async () => {
          const row = await service().retrieveCouponBulkAssignment(bulk.id)
          return row.state === "completed" ? row : null
        })
        expect(done).toEqual(
          expect.objectContaining({
            processed_count: 12,
            assigned_count: 12,
            skipped_count: 0,
            recovery_attempts: 1,
            cursor: sorted[11],
          })
        )
        const { rows } = await knex().raw(
          `SELECT customer_id, count(*)::int AS n FROM coupon WHERE promotion_id = ? AND customer_id IS NOT NULL
            GROUP BY customer_id ORDER BY customer_id`,
          [promotion.id]
        )
        expect(rows).toEqual(sorted.map((customer_id: string) => ({ customer_id, n: 1 })))
      })
    })

    describe("DELETE /admin/coupon-promotions/:id/batches/:batch_id", () => {
      it("deletes an unused batch with its codes, whose values stay reserved; refuses one with a code given out", async () => {
        const admin = await createAdminHeaders(getContainer())
        const { promotion } = await createCouponPromotion(getContainer(), {}, [])
        const generate = (count: number) =>
          api.post(`/admin/coupon-promotions/${promotion.id}/batches`, { generate: { count, length: 10 } }, admin)
        // The code given out comes from the first batch: the second one stays untouched.
        const given = (await generate(10)).data.batch
        const customer = await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers({ email: "holder@coupons.test" })
        expect((await api.post(`/admin/coupon-promotions/${promotion.id}/assign`, { customer_id: customer.id }, admin)).status).toBe(200)
        const unused = (await generate(20)).data.batch
        const [oneCode] = (
          await knex().raw(`SELECT code FROM coupon WHERE batch_id = ? ORDER BY code LIMIT 1`, [unused.id])
        ).rows

        const deleted = await api.delete(`/admin/coupon-promotions/${promotion.id}/batches/${unused.id}`, admin)
        expect(deleted.data).toEqual({ id: unused.id, object: "coupon_batch", deleted: true, codes_removed: 20 })
        expect(await batchRow(unused.id)).toEqual(expect.objectContaining({ deleted: true, codes_total: 0 }))
        expect(await liveCodes(unused.id)).toBe(0)
        const counters = (await api.get(`/admin/coupon-promotions/${promotion.id}`, admin)).data.coupon_promotion
        expect(counters).toEqual(expect.objectContaining({ codes_total: 10, codes_unassigned: 9, codes_assigned: 1 }))
        const listed = (await api.get(`/admin/coupon-promotions/${promotion.id}/batches`, admin)).data.batches
        expect(listed.map((b: any) => b.id)).toEqual([given.id])
        // The deleted codes still block their values.
        const { rows } = await knex().raw(`SELECT count(*)::int AS n FROM coupon WHERE code = ?`, [oneCode.code])
        expect(rows[0].n).toBe(1)

        // Whichever batch the assigned code came from, the other one is refused while it holds it.
        const holder = (
          await knex().raw(`SELECT batch_id FROM coupon WHERE promotion_id = ? AND state = 'assigned'`, [promotion.id])
        ).rows[0].batch_id
        expect(holder).toBe(given.id)
        const refused = await api
          .delete(`/admin/coupon-promotions/${promotion.id}/batches/${given.id}`, admin)
          .catch((e: any) => e.response)
        expect({ status: refused.status, data: refused.data }).toEqual({
          status: 400,
          data: {
            type: "not_allowed",
            message: `Coupon batch ${given.id} has 1 code given out or used; only a batch none of whose codes left the pool can be deleted`,
          },
        })
        expect(await liveCodes(given.id)).toBe(10)

        const running = await orphan("running", 1)
        const busy = await api
          .delete(`/admin/coupon-promotions/${running.promotion.id}/batches/${running.batch.id}`, admin)
          .catch((e: any) => e.response)
        expect({ status: busy.status, data: busy.data }).toEqual({
          status: 400,
          data: {
            type: "not_allowed",
            message: `Coupon batch ${running.batch.id} is being generated; delete it once it has completed or failed`,
          },
        })
      })
    })

    describe("reservations are released only when no order consumed them", () => {
      const complete = (cartId: string) =>
        api.post(`/store/carts/${cartId}/complete`, {}, { headers: demo.headers }).catch((e: any) => e.response)
      const later = () => new Date(Date.now() + 16 * 60 * 1000)
      const checkoutWithCoupon = async (code: string) => {
        await createCouponPromotion(getContainer(), { usage_per_customer: "unlimited" }, [code])
        return await prepareCheckoutCart(getContainer(), demo.store, {
          email: "buyer@coupons.test",
          lines: [{ product: TSHIRT, quantity: 1 }],
          codes: [code],
        })
      }

      it("finds the order when the crash fell between Medusa writing it and its cart link, and confirms the use", async () => {
        const cartId = await checkoutWithCoupon("LINKLOST1")
        const order = (await complete(cartId)).data.order
        const [use] = await eventually(async () => {
          const rows = await service().listCouponRedemptions({ cart_id: cartId, state: "confirmed" })
          return rows.length ? rows : null
        })
        // The crash: no order↔cart link, the use still reserved, and nobody confirmed it.
        await getContainer()
          .resolve(ContainerRegistrationKeys.LINK)
          .dismiss({ [Modules.ORDER]: { order_id: order.id }, [Modules.CART]: { cart_id: cartId } })
        await service().unconfirmCouponRedemptions([use.id])
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        expect((await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })).data).toEqual([])

        expect(await settleStaleCouponReservations(getContainer(), { at: later() })).toEqual({
          confirmed: 1,
          released: 0,
          skipped: 0,
        })
        expect(await service().listCouponRedemptions({ cart_id: cartId })).toEqual([
          expect.objectContaining({ state: "confirmed", order_id: order.id }),
        ])
      })

      it("skips a cart whose completion still holds its lock, and a completed cart whose order is unknown", async () => {
        const cartId = await checkoutWithCoupon("SLOWDONE1")
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const {
          data: [cart],
        } = await query.graph({
          entity: "cart",
          fields: ["id", "currency_code", "completed_at", "customer.*", "item_subtotal", "items.*", "items.adjustments.*"],
          filters: { id: cartId },
        })
        const { reserveCartCouponRedemptions } = await import("../../src/workflows/redemptions/reserve-cart-coupons")
        await reserveCartCouponRedemptions(getContainer(), { cart: cart as any })

        // A completion slower than reservationTimeoutMinutes: it still holds the cart's lock.
        const locking = getContainer().resolve(Modules.LOCKING)
        await locking.acquire(cartId, { ownerId: "slow-completion", expire: 60 })
        expect(await settleStaleCouponReservations(getContainer(), { at: later() })).toEqual({
          confirmed: 0,
          released: 0,
          skipped: 1,
        })
        await locking.release(cartId, { ownerId: "slow-completion" })

        // Completed, but its order is nowhere to be found: something consumed it, so the use stays.
        await getContainer().resolve(Modules.CART).updateCarts(cartId, { completed_at: new Date() })
        expect(await settleStaleCouponReservations(getContainer(), { at: later() })).toEqual({
          confirmed: 0,
          released: 0,
          skipped: 1,
        })
        expect(await service().listCouponRedemptions({ cart_id: cartId })).toEqual([
          expect.objectContaining({ state: "reserved" }),
        ])

        // An abandoned cart (no lock, not completed) is released as before.
        await getContainer().resolve(Modules.CART).updateCarts(cartId, { completed_at: null })
        expect(await settleStaleCouponReservations(getContainer(), { at: later() })).toEqual({
          confirmed: 0,
          released: 1,
          skipped: 0,
        })
      })
    })

    describe("dead cart adjustments", () => {
      it("deletes the plugin's soft-deleted adjustments once no refresh can need them, and nothing else", async () => {
        await createCouponPromotion(getContainer(), { discount_value: 10 }, ["SAVE10AB"])
        const cart = await createCheckoutCart(api, demo.store, demo.headers, [{ product: TSHIRT, quantity: 1 }], {
          shipping: false,
        })
        await api.post(`/store/carts/${cart.id}/coupons`, { code: "SAVE10AB" }, { headers: demo.headers })
        const line = cart.items[0].id
        for (const quantity of [2, 3, 4]) {
          await api.post(`/store/carts/${cart.id}/line-items/${line}`, { quantity }, { headers: demo.headers })
        }
        const rows = async () =>
          (
            await knex().raw(
              `SELECT (deleted_at IS NULL) AS live, count(*)::int AS n FROM cart_line_item_adjustment
                WHERE item_id = ? AND provider_id = 'coupon-batches' GROUP BY 1 ORDER BY 1`,
              [line]
            )
          ).rows
        expect(await rows()).toEqual([
          { live: false, n: 3 },
          { live: true, n: 1 },
        ])
        // Young dead rows stay (a refresh's compensation may still restore them).
        expect(await pruneDeadCouponAdjustments(getContainer())).toBe(0)
        await knex().raw(
          `UPDATE cart_line_item_adjustment SET deleted_at = deleted_at - interval '2 hours'
            WHERE item_id = ? AND deleted_at IS NOT NULL`,
          [line]
        )
        expect(await pruneDeadCouponAdjustments(getContainer())).toBe(3)
        expect(await rows()).toEqual([{ live: true, n: 1 }])
        const after = (await api.get(`/store/carts/${cart.id}`, { headers: demo.headers })).data.cart
        expect(couponLines(after)).toEqual({ "Cotton T-Shirt": 6 })
      })
    })

    describe("temporary uploads", () => {
      it("removes uploads left by a stopped process, and keeps those of running ones", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coupon-sweep-"))
        // A pid that cannot be running: above the kernel's pid_max.
        const dead = path.join(dir, "coupon-import-4194399-0123456789abcdef")
        const mine = path.join(dir, `coupon-import-${process.pid}-0123456789abcdef`)
        const old = path.join(dir, `coupon-import-${process.pid}-fedcba9876543210`)
        const other = path.join(dir, "unrelated-file")
        for (const file of [dead, mine, old, other]) {
          fs.writeFileSync(file, "code\nABCD2345\n")
        }
        const sevenHoursAgo = new Date(Date.now() - 7 * 3600 * 1000)
        fs.utimesSync(old, sevenHoursAgo, sevenHoursAgo)
        expect((await sweepStaleUploads({ dir })).sort()).toEqual([dead, old].sort())
        expect(fs.readdirSync(dir).sort()).toEqual([path.basename(mine), "unrelated-file"].sort())
        fs.rmSync(dir, { recursive: true, force: true })
      })
    })
  },
})
