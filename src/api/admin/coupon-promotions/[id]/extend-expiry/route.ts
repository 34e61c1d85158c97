import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { extendCouponPromotionExpiryWorkflow } from "../../../../../workflows/coupon-codes"
import { refetchCouponPromotion } from "../../helpers"
import { AdminExtendExpiryType } from "./validators"

/**
 * Moves the promotion's end to `expires_at` (a date in the future) through its time span; refused for an unlimited
 * time span and for archived promotions.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminExtendExpiryType>, res: MedusaResponse) => {
  await extendCouponPromotionExpiryWorkflow(req.scope).run({
    input: { id: req.params.id, expires_at: req.validatedBody.expires_at },
  })
  const coupon_promotion = await refetchCouponPromotion(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ coupon_promotion })
}
