import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { computePromotionStatus, PromotionStatusInput } from "../../../engine/promotion-status"
import { now } from "../../../lib/clock"
import { promotionStatusInputFields } from "./query-config"

/** Adds the status an admin sees (Active, Inactive, Expired, Scheduled, Archived), computed at one clock reading. */
export function withComputedStatus<T extends Record<string, unknown>>(promotions: T[], at: Date = now()) {
  return promotions.map((p) => ({
    ...p,
    computed_status: computePromotionStatus(p as unknown as PromotionStatusInput, at),
  }))
}

/** The promotion as the admin API shows it (requested fields + computed_status); 404 when missing or deleted. */
export async function refetchCouponPromotion(container: MedusaContainer, id: string, fields: string[]) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [promotion],
  } = await query.graph({
    entity: "coupon_promotion",
    fields: [...new Set([...fields, ...promotionStatusInputFields])],
    filters: { id },
  })
  if (!promotion) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon promotion with id ${id} was not found`)
  }
  return withComputedStatus([promotion])[0]
}
