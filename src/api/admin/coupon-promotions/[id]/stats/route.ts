import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { assertPromotionExists } from "../batches/helpers"
import { AdminCouponPromotionStatsParamsType } from "../../stats/validators"

/** One promotion's uses over a range of UTC days (README "Redemption reports"): `{ stats }`. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminCouponPromotionStatsParamsType>,
  res: MedusaResponse
) => {
  await assertPromotionExists(req.scope, req.params.id)
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const range = req.validatedQuery as AdminCouponPromotionStatsParamsType
  const stats = await service.redemptionReports().promotionStats(req.params.id, range)
  res.json({ stats })
}
