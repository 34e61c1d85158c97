import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { COUPON_ADJUSTMENT_PROVIDER_ID } from "./cart-coupon-data"

/**
 * Every refresh that changes a coupon discount soft-deletes the plugin's previous adjustments (soft, so the hook's
 * compensation can restore them if a later step of the same refresh fails). Once no refresh can need them any more,
 * they are dead rows: the maintenance job deletes those older than `olderThanMinutes`, `limit` at a time. Only the
 * plugin's own adjustments (provider "coupon-batches"), never anyone else's.
 */
export async function pruneDeadCouponAdjustments(
  container: MedusaContainer,
  options: { olderThanMinutes?: number; limit?: number; now?: Date } = {}
): Promise<number> {
  const cartModule = container.resolve(Modules.CART)
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.olderThanMinutes ?? 60) * 60 * 1000)
  const dead = await cartModule.listLineItemAdjustments(
    { provider_id: COUPON_ADJUSTMENT_PROVIDER_ID, deleted_at: { $lt: cutoff } } as any,
    { select: ["id"], take: options.limit ?? 5000, withDeleted: true }
  )
  if (dead.length) {
    await cartModule.deleteLineItemAdjustments(dead.map((adjustment) => adjustment.id))
  }
  return dead.length
}
