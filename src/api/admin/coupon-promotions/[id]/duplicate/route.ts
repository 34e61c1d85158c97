import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { duplicateCouponPromotionWorkflow } from "../../../../../workflows/coupon-promotions"
import { refetchCouponPromotion } from "../../helpers"
import { AdminDuplicateCouponPromotionType } from "../../validators"

/** uStore "Duplicate": same rules, new custom ID, no codes; also the way to reuse an archived setup. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminDuplicateCouponPromotionType>,
  res: MedusaResponse
) => {
  const { result } = await duplicateCouponPromotionWorkflow(req.scope).run({
    input: { id: req.params.id, ...req.validatedBody },
  })
  const coupon_promotion = await refetchCouponPromotion(req.scope, result.id, req.queryConfig.fields)
  res.status(200).json({ coupon_promotion })
}
