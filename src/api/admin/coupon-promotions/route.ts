import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AdminGetCouponPromotionsParamsType } from "./validators"

export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetCouponPromotionsParamsType>,
  res: MedusaResponse
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: coupon_promotions, metadata } = await query.graph({
    entity: "coupon_promotion",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  res.json({
    coupon_promotions,
    count: metadata?.count ?? coupon_promotions.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? coupon_promotions.length,
  })
}
