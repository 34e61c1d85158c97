import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { voidCouponBatchWorkflow } from "../../../../../../../workflows/coupon-codes"

/**
 * Voids every unused code of the batch (unassigned, or assigned and never used) in one transaction:
 * `{ voided, promotion, batch }` with the promotion's and the batch's code counters after it.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await voidCouponBatchWorkflow(req.scope).run({
    input: { promotion_id: req.params.id, batch_id: req.params.batch_id },
  })
  res.json({ voided: result.voided, promotion: result.promotion, batch: result.batch })
}
