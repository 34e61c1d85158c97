import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { unassignCouponWorkflow } from "../../../../../../../workflows/assignment/workflows/unassign-coupon"

/** Takes an assigned, never used code back into the unassigned pool. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await unassignCouponWorkflow(req.scope).run({
    input: { coupon_id: req.params.coupon_id, promotion: req.params.id },
  })
  res.json({ coupon: result.coupon, codes_unassigned: result.codes_unassigned })
}
