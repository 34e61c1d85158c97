import type { MedusaResponse } from "@medusajs/framework/http"
import { csvRow } from "../../../../../engine/csv-out"
import type { CouponListRow } from "../../../../../modules/coupon/coupon-list"

export const COUPON_CSV_HEADER = ["code", "state", "customer_id", "assigned_at", "expires_at", "uses_count"]

/**
 * Streams pages of codes as CSV (header `code` first, so the file can be imported again elsewhere), honouring
 * back-pressure, and stops reading the database when the client goes away.
 */
export async function sendCouponsCsv(
  res: MedusaResponse,
  fileName: string,
  pages: AsyncGenerator<CouponListRow[]>
): Promise<void> {
  res.status(200)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`)
  res.write(csvRow(COUPON_CSV_HEADER))
  for await (const rows of pages) {
    let chunk = ""
    for (const r of rows) {
      chunk += csvRow([r.code, r.state, r.customer_id, r.assigned_at, r.expires_at, r.uses_count])
    }
    if (res.destroyed) {
      await pages.return(undefined)
      return
    }
    if (!res.write(chunk)) {
      await new Promise((resolve) => res.once("drain", resolve))
    }
  }
  res.end()
}
