import { z } from "@medusajs/framework/zod"
import { boundedFindParams } from "../../../../utils/validators"

// Paging bounded like the admin lists: a negative or huge offset/limit is a 400, not a 500 from Postgres.
export const StoreGetMyCouponsParams = boundedFindParams({ limit: 50, offset: 0 }).merge(
  z.object({
    /** A promotion's custom ID: only codes of that promotion (what a pop-up for promotion X needs). */
    promotion: z.string().min(1).optional(),
  })
)
export type StoreGetMyCouponsParamsType = z.infer<typeof StoreGetMyCouponsParams>
