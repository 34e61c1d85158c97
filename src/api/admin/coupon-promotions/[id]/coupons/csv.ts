import type { MedusaResponse } from "@medusajs/framework/http"
import type { CouponListRow } from "../../../../../modules/coupon/coupon-list"
import { sendCsvPages } from "../../../../utils/csv-response"

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
  await sendCsvPages(res, fileName, COUPON_CSV_HEADER, pages, (r) => [
    r.code,
    r.state,
    r.customer_id,
    r.assigned_at,
    r.expires_at,
    r.uses_count,
  ])
}
