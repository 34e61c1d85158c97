import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  deleteCouponAssignmentRuleWorkflow,
  updateCouponAssignmentRuleWorkflow,
} from "../../../../workflows/assignment/workflows/assignment-rules"
import { AdminUpdateCouponAssignmentRuleType } from "../validators"
import { refetchCouponAssignmentRule } from "../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const coupon_assignment_rule = await refetchCouponAssignmentRule(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ coupon_assignment_rule })
}

/** Partial update; `{ "enabled": false }` switches a rule off. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateCouponAssignmentRuleType>,
  res: MedusaResponse
) => {
  await refetchCouponAssignmentRule(req.scope, req.params.id, ["id"])
  await updateCouponAssignmentRuleWorkflow(req.scope).run({ input: { ...req.validatedBody, id: req.params.id } })
  const coupon_assignment_rule = await refetchCouponAssignmentRule(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ coupon_assignment_rule })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchCouponAssignmentRule(req.scope, req.params.id, ["id"])
  await deleteCouponAssignmentRuleWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "coupon_assignment_rule", deleted: true })
}
