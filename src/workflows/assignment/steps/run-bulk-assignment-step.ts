import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { giveCouponWorkflow } from "../workflows/give-coupon"

const PAGE_SIZE = 100

/**
 * Gives a code to every customer of the group, page by page (keyset on customer id, so customers joining the
 * group meanwhile are not skipped or repeated), saving progress after each page. Each give is its own atomic,
 * idempotent giveCouponWorkflow: a rerun skips customers already served. An empty pool stops the run as
 * "failed" with the counts reached so far. No compensation: codes already given stay given (and were notified).
 */
export const runBulkAssignmentStep = createStep(
  "run-coupon-bulk-assignment",
  async (input: { id: string }, { container }) => {
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    const customerModule = container.resolve(Modules.CUSTOMER)
    const bulk = await couponModule.retrieveCouponBulkAssignment(input.id)
    if (bulk.state !== "pending") {
      // Redelivered event: the run already happened or is happening elsewhere.
      return new StepResponse(bulk)
    }
    const progress = { processed_count: 0, assigned_count: 0, skipped_count: 0 }
    await couponModule.updateCouponBulkAssignments({ id: bulk.id, state: "running", started_at: new Date() })

    let lastId: string | null = null
    let error: { message: string } | null = null
    for (;;) {
      const customers = await customerModule.listCustomers(
        { groups: bulk.customer_group_id, ...(lastId ? { id: { $gt: lastId } } : {}) } as any,
        { select: ["id"], take: PAGE_SIZE, order: { id: "ASC" } }
      )
      for (const customer of customers) {
        try {
          const { result } = await giveCouponWorkflow(container).run({
            input: { promotion: bulk.promotion_id, customer_id: customer.id },
          })
          progress[result.created ? "assigned_count" : "skipped_count"] += 1
          progress.processed_count += 1
        } catch (e) {
          const err = e as MedusaError
          error = { message: err.message }
          break
        }
      }
      await couponModule.updateCouponBulkAssignments({ id: bulk.id, ...progress })
      if (error || customers.length < PAGE_SIZE) {
        break
      }
      lastId = customers[customers.length - 1].id
    }

    const finished = await couponModule.updateCouponBulkAssignments({
      id: bulk.id,
      ...progress,
      state: error ? "failed" : "completed",
      error,
      completed_at: new Date(),
    })
    return new StepResponse(finished)
  }
)
