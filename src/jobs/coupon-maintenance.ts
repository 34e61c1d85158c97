import type { MedusaContainer } from "@medusajs/framework/types"
import { sweepStaleUploads } from "../lib/upload-sweep"
import { recoverCouponBatches } from "../workflows/batches/recover-batches"

/**
 * Every 15 seconds, on worker instances: batches whose worker is gone are generated again or failed
 * (recoverCouponBatches), and import uploads left by a stopped process are removed (sweepStaleUploads).
 */
export default async function couponMaintenanceJob(container: MedusaContainer) {
  await recoverCouponBatches(container)
  await sweepStaleUploads()
}

export const config = {
  name: "coupon-maintenance",
  schedule: { interval: 15000 },
}
