import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteCouponPromotionWorkflow, updateCouponPromotionWorkflow } from "../../../../workflows/coupon-promotions"
import { refetchCouponPromotion } from "../helpers"
import { AdminGetCouponPromotionParamsType, AdminUpdateCouponPromotionType } from "../validators"

export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetCouponPromotionParamsType>,
  res: MedusaResponse
) => {
  const coupon_promotion = await refetchCouponPromotion(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ coupon_promotion })
}

/** Partial update; the merged result must satisfy every rule. Archived promotions are read-only. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateCouponPromotionType>, res: MedusaResponse) => {
  await updateCouponPromotionWorkflow(req.scope).run({
    input: { id: req.params.id, update: req.validatedBody },
  })
  const coupon_promotion = await refetchCouponPromotion(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ coupon_promotion })
}

/** Only while no code was ever used; otherwise archive. Batches and codes go with it. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteCouponPromotionWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "coupon_promotion", deleted: true })
}
