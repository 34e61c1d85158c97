import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { createGeneratedCouponBatchWorkflow } from "../../../../../workflows/batches/workflows/create-generated-batch"
import { AdminCreateCouponBatchType, AdminGetCouponBatchesParamsType } from "./validators"
import { assertPromotionExists, refetchBatch } from "./helpers"

export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetCouponBatchesParamsType>,
  res: MedusaResponse
) => {
  await assertPromotionExists(req.scope, req.params.id)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: batches, metadata } = await query.graph({
    entity: "coupon_batch",
    fields: req.queryConfig.fields,
    filters: { ...req.filterableFields, promotion_id: req.params.id },
    pagination: req.queryConfig.pagination,
  })
  res.json({
    batches,
    count: metadata?.count ?? batches.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? batches.length,
  })
}

/**
 * Generates a batch of codes. Small counts answer 200 with the completed (or failed) batch; counts above the
 * `backgroundThreshold` option answer 202 with the pending batch, whose processed_count shows the progress.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateCouponBatchType>, res: MedusaResponse) => {
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const { count, ...pattern } = req.validatedBody.generate
  const threshold = service.getOptions().backgroundThreshold
  const { result } = await createGeneratedCouponBatchWorkflow(req.scope).run({
    input: { promotion_id: req.params.id, count, pattern, background_threshold: threshold },
  })
  const batch = await refetchBatch(req.scope, req.params.id, result.id)
  res.status(count > threshold ? 202 : 200).json({ batch })
}
