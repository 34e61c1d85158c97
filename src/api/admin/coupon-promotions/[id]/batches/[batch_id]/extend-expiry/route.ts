import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { extendCouponBatchExpiryWorkflow } from "../../../../../../../workflows/coupon-codes"
import type { AdminExtendExpiryType } from "../../../extend-expiry/validators"
import { refetchBatch } from "../../helpers"

/** Every code of the batch but void ones expires at `expires_at` (a date in the future): `{ updated, expires_at, batch }`. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminExtendExpiryType>, res: MedusaResponse) => {
  const { result } = await extendCouponBatchExpiryWorkflow(req.scope).run({
    input: { promotion_id: req.params.id, batch_id: req.params.batch_id, expires_at: req.validatedBody.expires_at },
  })
  const batch = await refetchBatch(req.scope, req.params.id, req.params.batch_id)
  res.json({ updated: result.updated, expires_at: result.expires_at, batch })
}
