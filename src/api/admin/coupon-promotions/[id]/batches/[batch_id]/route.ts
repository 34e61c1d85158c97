import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteCouponBatchWorkflow } from "../../../../../../workflows/batches/workflows/manage-batch"
import { refetchBatch } from "../helpers"

/** One batch, with its progress (processed_count of requested_count) while it is generated. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const batch = await refetchBatch(req.scope, req.params.id, req.params.batch_id, req.queryConfig?.fields)
  res.json({ batch })
}

/**
 * Deletes a batch none of whose codes was given out or used, with its codes (their values stay reserved: no later
 * import or generation can bring them back). 400 while it is generated or once a code is in use.
 */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await deleteCouponBatchWorkflow(req.scope).run({
    input: { promotion_id: req.params.id, batch_id: req.params.batch_id },
  })
  res.json({ id: result.id, object: "coupon_batch", deleted: true, codes_removed: result.codes_removed })
}
