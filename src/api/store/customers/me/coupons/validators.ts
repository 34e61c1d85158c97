import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

export const StoreGetMyCouponsParams = createFindParams({ limit: 50, offset: 0 }).merge(
  z.object({
    /** A promotion's custom ID: only codes of that promotion (what a pop-up for promotion X needs). */
    promotion: z.string().min(1).optional(),
  })
)
export type StoreGetMyCouponsParamsType = z.infer<typeof StoreGetMyCouponsParams>
