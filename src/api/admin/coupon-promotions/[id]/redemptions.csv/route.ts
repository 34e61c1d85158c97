import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"
import { assertPromotionExists } from "../batches/helpers"
import { sendCsvPages } from "../../../../utils/csv-response"

const REDEMPTION_CSV_HEADER = [
  "redemption_id",
  "order_id",
  "customer_id",
  "email",
  "code",
  "amount",
  "currency_code",
  "state",
  "reserved_at",
  "confirmed_at",
  "released_at",
  "release_reason",
]

/** Every redemption of the promotion (any state), oldest first, streamed from a cursor; cells formula-safe. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await assertPromotionExists(req.scope, req.params.id)
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const pages = service.redemptionReports().streamPromotionUses(req.params.id)
  await sendCsvPages(res, "redemptions.csv", REDEMPTION_CSV_HEADER, pages, (r) => [
    r.id,
    r.order_id,
    r.customer_id,
    r.email,
    r.code,
    r.amount,
    r.currency_code,
    r.state,
    r.reserved_at,
    r.confirmed_at,
    r.released_at,
    r.release_reason,
  ])
}
