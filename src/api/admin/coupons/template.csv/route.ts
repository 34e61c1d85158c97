import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { CODES_CSV_TEMPLATE } from "../../../../engine/code-file"

/** uStore "Download Coupon … template": the header row `code`, nothing else. */
export const GET = async (_req: MedusaRequest, res: MedusaResponse) => {
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", 'attachment; filename="coupon-codes-template.csv"')
  res.status(200).send(CODES_CSV_TEMPLATE)
}
