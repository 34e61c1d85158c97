import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  AdminCreateCouponAssignmentRule,
  AdminGetCouponAssignmentRuleParams,
  AdminGetCouponAssignmentRulesParams,
  AdminUpdateCouponAssignmentRule,
} from "./validators"
import {
  listAdminCouponAssignmentRulesQueryConfig,
  retrieveAdminCouponAssignmentRuleQueryConfig,
} from "./query-config"

export const adminCouponAssignmentRulesMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/coupon-assignment-rules",
    middlewares: [
      validateAndTransformQuery(AdminGetCouponAssignmentRulesParams, listAdminCouponAssignmentRulesQueryConfig),
    ],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-assignment-rules",
    middlewares: [
      validateAndTransformBody(AdminCreateCouponAssignmentRule),
      validateAndTransformQuery(AdminGetCouponAssignmentRuleParams, retrieveAdminCouponAssignmentRuleQueryConfig),
    ],
  },
  {
    method: ["GET", "DELETE"],
    matcher: "/admin/coupon-assignment-rules/:id",
    middlewares: [
      validateAndTransformQuery(AdminGetCouponAssignmentRuleParams, retrieveAdminCouponAssignmentRuleQueryConfig),
    ],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-assignment-rules/:id",
    middlewares: [
      validateAndTransformBody(AdminUpdateCouponAssignmentRule),
      validateAndTransformQuery(AdminGetCouponAssignmentRuleParams, retrieveAdminCouponAssignmentRuleQueryConfig),
    ],
  },
]
