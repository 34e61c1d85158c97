import { z } from "@medusajs/framework/zod"
import { boundedFindParams } from "../../../../utils/validators"

export const AdminGetCustomerCouponsParams = boundedFindParams({ limit: 20, offset: 0 })
export type AdminGetCustomerCouponsParamsType = z.infer<typeof AdminGetCustomerCouponsParams>
