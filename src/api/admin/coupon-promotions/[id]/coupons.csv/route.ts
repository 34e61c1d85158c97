import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { assertPromotionExists } from "../batches/helpers"
import { toCouponFilter } from "../coupons/filters"
import { sendCouponsCsv } from "../coupons/csv"
import { AdminCouponFiltersType } from "../coupons/validators"

/** All of a promotion's codes (same filters as the list), streamed as CSV. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminCouponFiltersType>, res: MedusaResponse) => {
  await assertPromotionExists(req.scope, req.params.id)
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const filter = toCouponFilter(req.params.id, req.validatedQuery as AdminCouponFiltersType)
  await sendCouponsCsv(res, "coupons.csv", service.streamPromotionCoupons(filter))
}
