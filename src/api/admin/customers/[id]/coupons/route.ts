import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AdminGetCustomerCouponsParamsType } from "./validators"

/** The codes a customer holds, void ones included (an admin needs to see what was taken back), newest first. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetCustomerCouponsParamsType>,
  res: MedusaResponse
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: coupons, metadata } = await query.graph({
    entity: "coupon",
    fields: req.queryConfig.fields,
    filters: { customer_id: req.params.id },
    pagination: { ...req.queryConfig.pagination, order: req.queryConfig.pagination?.order ?? { assigned_at: "DESC" } },
  })
  res.json({
    coupons,
    count: metadata?.count ?? coupons.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? coupons.length,
  })
}
