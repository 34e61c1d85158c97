import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { giveCouponWorkflow } from "../../../../../workflows/assignment/workflows/give-coupon"
import { AdminAssignCouponType } from "./validators"

/** `:id` is the promotion's id or custom ID. `created: false` means the customer already held a code of it. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminAssignCouponType>, res: MedusaResponse) => {
  const { result } = await giveCouponWorkflow(req.scope).run({
    input: { promotion: req.params.id, customer_id: req.validatedBody.customer_id },
  })
  res.json({
    coupon: result.coupon,
    created: result.created,
    codes_unassigned: result.codes_unassigned,
    warning: result.warning,
  })
}
