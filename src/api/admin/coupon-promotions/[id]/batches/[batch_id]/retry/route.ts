import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../../../../../modules/coupon"
import type CouponModuleService from "../../../../../../../modules/coupon/service"
import { retryCouponBatchWorkflow } from "../../../../../../../workflows/batches/workflows/manage-batch"
import { refetchBatch } from "../../helpers"

/**
 * Generates a failed batch again: 200 with the finished batch when small, 202 with the pending batch above the
 * `backgroundThreshold` option (its processed_count shows the progress). 400 for any batch that is not a failed
 * generated one.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const threshold = service.getOptions().backgroundThreshold
  const { result } = await retryCouponBatchWorkflow(req.scope).run({
    input: { promotion_id: req.params.id, batch_id: req.params.batch_id, background_threshold: threshold },
  })
  const batch = await refetchBatch(req.scope, req.params.id, result.id)
  res.status(result.requested_count > threshold ? 202 : 200).json({ batch })
}
