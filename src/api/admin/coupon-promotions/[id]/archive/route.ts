import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { archiveCouponPromotionWorkflow } from "../../../../../workflows/coupon-promotions"
import { refetchCouponPromotion } from "../../helpers"

/** uStore "Archive": irreversible (there is no unarchive); the promotion stays listed, read-only, duplicable. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await archiveCouponPromotionWorkflow(req.scope).run({ input: { id: req.params.id } })
  const coupon_promotion = await refetchCouponPromotion(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ coupon_promotion })
}
