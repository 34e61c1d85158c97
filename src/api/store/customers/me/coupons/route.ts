import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { StoreGetMyCouponsParamsType } from "./validators"

/** The logged-in customer's codes (void ones excluded), newest first; `?promotion=CUSTOM_ID` narrows to one promotion. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetMyCouponsParamsType>, res: MedusaResponse) => {
  const customerId = req.auth_context.actor_id
  const filters: Record<string, unknown> = {
    customer_id: customerId,
    state: ["assigned", "used_partially", "used_fully"],
  }
  if (req.validatedQuery.promotion) {
    const couponModule: CouponModuleService = req.scope.resolve(COUPON_MODULE)
    const promotions = await couponModule.listCouponPromotions(
      { custom_id: req.validatedQuery.promotion },
      { select: ["id"] }
    )
    filters.promotion_id = promotions.map((p) => p.id)
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: coupons, metadata } = await query.graph({
    entity: "coupon",
    fields: req.queryConfig.fields,
    filters,
    pagination: { ...req.queryConfig.pagination, order: req.queryConfig.pagination?.order ?? { assigned_at: "DESC" } },
  })
  res.json({
    coupons,
    count: metadata?.count ?? coupons.length,
    offset: metadata?.skip ?? 0,
    limit: metadata?.take ?? coupons.length,
  })
}
