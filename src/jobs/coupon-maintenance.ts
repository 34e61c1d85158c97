import type { MedusaContainer } from "@medusajs/framework/types"
import { sweepStaleUploads } from "../lib/upload-sweep"
import { recoverCouponBatches, recoverCouponBulkAssignments } from "../workflows/batches/recover-batches"
import { pruneDeadCouponAdjustments } from "../workflows/cart-coupons/prune-adjustments"

/**
 * Every 15 seconds, on worker instances: batches and customer-group assignments whose worker is gone are run again
 * or failed (recoverCouponBatches, recoverCouponBulkAssignments), import uploads left by a stopped process are removed (sweepStaleUploads), and the
 * plugin's dead cart adjustments are deleted (pruneDeadCouponAdjustments).
 */
export default async function couponMaintenanceJob(container: MedusaContainer) {
  await recoverCouponBatches(container)
  await recoverCouponBulkAssignments(container)
  await sweepStaleUploads()
  await pruneDeadCouponAdjustments(container)
}

export const config = {
  name: "coupon-maintenance",
  schedule: { interval: 15000 },
}
