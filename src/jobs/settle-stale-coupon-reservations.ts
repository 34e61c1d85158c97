import type { MedusaContainer } from "@medusajs/framework/types"
import { settleStaleCouponReservations } from "../workflows/redemptions/release-stale-reservations"

/**
 * Every minute: checkout reservations older than `reservationTimeoutMinutes` are confirmed when their cart became an
 * order, released otherwise (see settleStaleCouponReservations). Runs on worker instances only, like every job.
 */
export default async function settleStaleCouponReservationsJob(container: MedusaContainer) {
  await settleStaleCouponReservations(container)
}

export const config = {
  name: "settle-stale-coupon-reservations",
  schedule: "* * * * *",
}
