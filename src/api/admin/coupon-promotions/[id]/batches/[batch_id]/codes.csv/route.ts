import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../../../../../modules/coupon"
import type CouponModuleService from "../../../../../../../modules/coupon/service"
import { refetchBatch } from "../../helpers"
import { sendCouponsCsv } from "../../../coupons/csv"

/** uStore "a CSV file ready to be downloaded": the batch's codes, streamed. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const batch = await refetchBatch(req.scope, req.params.id, req.params.batch_id, ["id"])
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  await sendCouponsCsv(
    res,
    `codes-${batch.id}.csv`,
    service.streamPromotionCoupons({ promotion_id: req.params.id, batch_id: batch.id })
  )
}
