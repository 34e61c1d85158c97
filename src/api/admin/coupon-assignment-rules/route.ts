import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCouponAssignmentRuleWorkflow } from "../../../workflows/assignment/workflows/assignment-rules"
import { assignmentRuleEventNames } from "../../../workflows/assignment/rule-events"
import { AdminCreateCouponAssignmentRuleType, AdminGetCouponAssignmentRulesParamsType } from "./validators"
import { refetchCouponAssignmentRule } from "./helpers"

/** Lists rules; `events` tells an admin UI which event names rules can use. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetCouponAssignmentRulesParamsType>,
  res: MedusaResponse
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: coupon_assignment_rules, metadata } = await query.graph({
    entity: "coupon_assignment_rule",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  res.json({
    coupon_assignment_rules,
    events: assignmentRuleEventNames(req.scope),
    count: metadata?.count ?? coupon_assignment_rules.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? coupon_assignment_rules.length,
  })
}

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateCouponAssignmentRuleType>,
  res: MedusaResponse
) => {
  const { result } = await createCouponAssignmentRuleWorkflow(req.scope).run({ input: req.validatedBody })
  const coupon_assignment_rule = await refetchCouponAssignmentRule(req.scope, result.id, req.queryConfig.fields)
  res.status(201).json({ coupon_assignment_rule })
}
