import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildCodesXlsxTemplate, CODES_XLSX_CONTENT_TYPE } from "../../../../engine/code-file"

/** uStore "Download Coupon Excel template": one sheet, header `code`, the column formatted as text. */
export const GET = async (_req: MedusaRequest, res: MedusaResponse) => {
  res.setHeader("Content-Type", CODES_XLSX_CONTENT_TYPE)
  res.setHeader("Content-Disposition", 'attachment; filename="coupon-codes-template.xlsx"')
  res.status(200).send(await buildCodesXlsxTemplate())
}
