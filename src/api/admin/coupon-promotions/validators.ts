import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

export const AdminGetCouponPromotionsParams = createFindParams({ limit: 20, offset: 0 }).merge(
  z.object({
    q: z.string().optional(),
  })
)
export type AdminGetCouponPromotionsParamsType = z.infer<typeof AdminGetCouponPromotionsParams>
