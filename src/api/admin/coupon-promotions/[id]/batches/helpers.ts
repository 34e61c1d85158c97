import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { defaultAdminCouponBatchFields } from "./query-config"

/** A batch of the given promotion, or 404 (a batch id under another promotion is not found either). */
export async function refetchBatch(
  scope: MedusaContainer,
  promotionId: string,
  batchId: string,
  fields: string[] = defaultAdminCouponBatchFields
) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [batch],
  } = await query.graph({
    entity: "coupon_batch",
    fields,
    filters: { id: batchId, promotion_id: promotionId },
  })
  if (!batch) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon batch with id: ${batchId} was not found`)
  }
  return batch
}

/** 404 for an unknown promotion, before any work on its batches or codes. */
export async function assertPromotionExists(scope: MedusaContainer, promotionId: string) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [promotion],
  } = await query.graph({ entity: "coupon_promotion", fields: ["id"], filters: { id: promotionId } })
  if (!promotion) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon promotion with id: ${promotionId} was not found`)
  }
}
