import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../../modules/coupon"
import type CouponModuleService from "../../../../modules/coupon/service"
import { AdminCouponPromotionsStatsParamsType } from "./validators"

/** Every use so far per promotion (for the list): `{ stats: [{ promotion_id, orders, customers, discount }] }`. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminCouponPromotionsStatsParamsType>,
  res: MedusaResponse
) => {
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const query = req.validatedQuery as AdminCouponPromotionsStatsParamsType
  const stats = await service.redemptionReports().promotionTotals(query.id)
  res.json({ stats })
}
