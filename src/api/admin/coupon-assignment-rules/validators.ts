import { z } from "@medusajs/framework/zod"
import { createSelectParams } from "@medusajs/medusa/api/utils/validators"
import { boundedFindParams, boundedMetadata } from "../../utils/validators"

// Dotted path into the event data, e.g. "id", "customer_id", "customer.id".
const path = z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, "Must be a dotted path such as customer_id")

export const AdminCreateCouponAssignmentRule = z
  .object({
    name: z.string().nullish(),
    event_name: z.string().min(1),
    promotion: z.string().min(1),
    customer_id_path: path.optional(),
    resolve_customer_from: z.enum(["customer", "order"]).optional(),
    enabled: z.boolean().optional(),
    metadata: boundedMetadata().nullish(),
  })
  .strict()
export type AdminCreateCouponAssignmentRuleType = z.infer<typeof AdminCreateCouponAssignmentRule>

export const AdminUpdateCouponAssignmentRule = AdminCreateCouponAssignmentRule.partial().strict()
export type AdminUpdateCouponAssignmentRuleType = z.infer<typeof AdminUpdateCouponAssignmentRule>

export const AdminGetCouponAssignmentRulesParams = boundedFindParams({ limit: 20, offset: 0 }).merge(
  z.object({
    event_name: z.string().optional(),
    promotion_id: z.string().optional(),
    enabled: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean()).optional(),
  })
)
export type AdminGetCouponAssignmentRulesParamsType = z.infer<typeof AdminGetCouponAssignmentRulesParams>

export const AdminGetCouponAssignmentRuleParams = createSelectParams()
