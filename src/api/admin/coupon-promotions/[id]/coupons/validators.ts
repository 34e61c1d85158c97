import { z } from "@medusajs/framework/zod"
import { boundedInt } from "../../../../utils/validators"

const STATES = ["unassigned", "assigned", "used_partially", "used_fully", "void"] as const

/** Filters shared by the JSON list and coupons.csv: state (one or several), customer, code prefix. */
export const AdminCouponFilters = z.object({
  state: z.union([z.enum(STATES), z.array(z.enum(STATES))]).optional(),
  customer_id: z.string().min(1).optional(),
  q: z.string().trim().min(1).max(64).optional(),
})

export const AdminGetPromotionCouponsParams = AdminCouponFilters.extend({
  limit: z.coerce.number().pipe(boundedInt(1, 1000)).default(50),
  offset: z.coerce.number().pipe(boundedInt(0)).default(0),
})
export type AdminGetPromotionCouponsParamsType = z.infer<typeof AdminGetPromotionCouponsParams>
export type AdminCouponFiltersType = z.infer<typeof AdminCouponFilters>
