import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { giveCouponWorkflow } from "../workflows/give-coupon"

const PAGE_SIZE = 100
/** Gives in flight at once: each is its own atomic give (SKIP LOCKED picks distinct codes), so they can overlap. */
const CONCURRENCY = 4
const HEARTBEAT_MS = 5000

/**
 * Gives a code to every customer of the group, page by page (keyset on customer id, so customers joining the group
 * meanwhile are not skipped or repeated), a few gives at a time, saving progress, the cursor (last customer id) and a
 * heartbeat after each page. The run is claimed (pending → running) by exactly one worker; if that worker dies, the
 * maintenance job finds the stale heartbeat and hands the run back, and the next claim resumes after the cursor with
 * the counts saved so far. Each give is an idempotent giveCouponWorkflow, so a page replayed after a crash skips the
 * customers it already served. An empty pool stops the run as "failed" with the counts reached so far. No
 * compensation: codes already given stay given (and were notified).
 */
export const runBulkAssignmentStep = createStep(
  "run-coupon-bulk-assignment",
  async (input: { id: string }, { container }) => {
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    const customerModule = container.resolve(Modules.CUSTOMER)
    if (!(await couponModule.claimCouponBulkAssignment(input.id))) {
      // Redelivered event: the run already happened or is happening elsewhere.
      return new StepResponse(await couponModule.retrieveCouponBulkAssignment(input.id))
    }
    const bulk = await couponModule.retrieveCouponBulkAssignment(input.id)
    const progress = {
      processed_count: bulk.processed_count,
      assigned_count: bulk.assigned_count,
      skipped_count: bulk.skipped_count,
    }
    const heartbeat = setInterval(() => {
      couponModule.heartbeatCouponBulkAssignment(bulk.id).catch(() => undefined)
    }, HEARTBEAT_MS)
    heartbeat.unref()

    let cursor: string | null = bulk.cursor ?? null
    let error: { message: string } | null = null
    try {
      for (;;) {
        const customers = await customerModule.listCustomers(
          { groups: bulk.customer_group_id, ...(cursor ? { id: { $gt: cursor } } : {}) } as any,
          { select: ["id"], take: PAGE_SIZE, order: { id: "ASC" } }
        )
        error = await givePage(container, bulk.promotion_id, customers.map((customer) => customer.id), progress)
        if (!error && customers.length) {
          cursor = customers[customers.length - 1].id
        }
        await couponModule.updateCouponBulkAssignments({ id: bulk.id, ...progress, cursor, heartbeat_at: new Date() })
        if (error || customers.length < PAGE_SIZE) {
          break
        }
      }
    } finally {
      clearInterval(heartbeat)
    }

    const finished = await couponModule.updateCouponBulkAssignments({
      id: bulk.id,
      ...progress,
      cursor,
      state: error ? "failed" : "completed",
      error,
      completed_at: new Date(),
    })
    return new StepResponse(finished)
  }
)

/** Gives one code to each customer, CONCURRENCY at a time; the first refusal (an empty pool) stops the page. */
async function givePage(
  container: any,
  promotionId: string,
  customerIds: string[],
  progress: { processed_count: number; assigned_count: number; skipped_count: number }
): Promise<{ message: string } | null> {
  let next = 0
  let error: { message: string } | null = null
  const worker = async () => {
    while (!error && next < customerIds.length) {
      const customer_id = customerIds[next++]
      try {
        const { result } = await giveCouponWorkflow(container).run({ input: { promotion: promotionId, customer_id } })
        progress[result.created ? "assigned_count" : "skipped_count"] += 1
        progress.processed_count += 1
      } catch (e) {
        error ??= { message: (e as MedusaError).message }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, customerIds.length) }, worker))
  return error
}
