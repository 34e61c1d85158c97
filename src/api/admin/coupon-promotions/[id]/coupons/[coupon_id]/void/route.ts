import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { voidCouponWorkflow } from "../../../../../../../workflows/coupon-codes"

/**
 * Voids one unused code of the promotion: `{ coupon, promotion, batch }`, the code as it now is and the promotion's and
 * its batch's code counters after it. 404 for a code of another promotion; 400 for a used or already void code.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await voidCouponWorkflow(req.scope).run({
    input: { promotion_id: req.params.id, coupon_id: req.params.coupon_id },
  })
  res.json({ coupon: result.coupon, promotion: result.promotion, batch: result.batch })
}
