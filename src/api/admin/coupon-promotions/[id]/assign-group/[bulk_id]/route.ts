import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../../../../modules/coupon"
import type CouponModuleService from "../../../../../../modules/coupon/service"

/** Progress of a bulk assignment: state, total/processed/assigned/skipped counts, error. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const couponModule: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const [bulk_assignment] = await couponModule.listCouponBulkAssignments({ id: req.params.bulk_id })
  const [promotion] = await couponModule.listCouponPromotions(
    { $or: [{ id: req.params.id }, { custom_id: req.params.id }] },
    { select: ["id"] }
  )
  if (!bulk_assignment || bulk_assignment.promotion_id !== promotion?.id) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Bulk assignment ${req.params.bulk_id} was not found`)
  }
  res.json({ bulk_assignment })
}
