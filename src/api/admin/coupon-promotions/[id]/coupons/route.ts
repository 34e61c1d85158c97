import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { assertPromotionExists } from "../batches/helpers"
import { toCouponFilter } from "./filters"
import { AdminGetPromotionCouponsParamsType } from "./validators"

/** A promotion's codes, filtered by state / customer / code prefix (`q`), newest batch last. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetPromotionCouponsParamsType>,
  res: MedusaResponse
) => {
  await assertPromotionExists(req.scope, req.params.id)
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const params = req.validatedQuery as AdminGetPromotionCouponsParamsType
  const { coupons, count } = await service.listPromotionCoupons(toCouponFilter(req.params.id, params), {
    limit: params.limit,
    offset: params.offset,
  })
  res.json({ coupons, count, offset: params.offset, limit: params.limit })
}
