import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

export const AdminGetCustomerCouponsParams = createFindParams({ limit: 20, offset: 0 })
export type AdminGetCustomerCouponsParamsType = z.infer<typeof AdminGetCustomerCouponsParams>
