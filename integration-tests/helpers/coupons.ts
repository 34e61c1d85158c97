import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../src/modules/coupon"

/**
 * A promotion with one batch of `count` unassigned codes, counters set as the batch writers would leave them.
 * Codes are `${prefix}0001`… so tests can read them.
 */
export async function seedPromotionWithCodes(
  container: MedusaContainer,
  count: number,
  promotion: Record<string, unknown> = {}
) {
  const couponModule = container.resolve(COUPON_MODULE)
  const custom_id = (promotion.custom_id as string) ?? "WELCOME"
  const created = await couponModule.createCouponPromotions({
    custom_id,
    name: `Promotion ${custom_id}`,
    coupon_type: "promotion_code",
    discount_type: "percentage",
    discount_value: 10,
    codes_total: count,
    codes_unassigned: count,
    ...promotion,
  })
  const batch = await couponModule.createCouponBatches({
    promotion_id: created.id,
    source: "imported",
    state: "completed",
    requested_count: count,
    processed_count: count,
    codes_total: count,
    codes_unassigned: count,
  })
  const prefix = custom_id.replace(/[^A-Z0-9]/gi, "").toUpperCase()
  const coupons = count
    ? await couponModule.createCoupons(
        Array.from({ length: count }, (_, i) => ({
          code: `${prefix}${String(i + 1).padStart(4, "0")}`,
          promotion_id: created.id,
          batch_id: batch.id,
        }))
      )
    : []
  return { promotion: created, batch, coupons }
}

export async function createTestCustomers(container: MedusaContainer, count: number, prefix = "customer") {
  const customerModule = container.resolve(Modules.CUSTOMER)
  return await customerModule.createCustomers(
    Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i + 1}@coupons.test`, first_name: `C${i + 1}` }))
  )
}
