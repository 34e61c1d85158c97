import { z } from "@medusajs/framework/zod"
import { parseReportDay, resolveReportRange } from "../../../../engine/redemption-report"
import { now } from "../../../../lib/clock"

const reportDay = (field: "from" | "to") =>
  z.string().refine((value) => parseReportDay(value) !== null, {
    message: `Field '${field}' must be a date written YYYY-MM-DD`,
  })

/**
 * `GET /admin/coupon-promotions/:id/stats?from=&to=`: UTC days, both included; `to` defaults to today, `from` to
 * 29 days before `to`; at most 366 days. The validated query is the resolved range `{ from, to }`.
 */
export const AdminCouponPromotionStatsParams = z
  .object({ from: reportDay("from").optional(), to: reportDay("to").optional() })
  .strict()
  .superRefine((query, ctx) => {
    // Only a pair of real days has a range to check (a malformed one already has its own message).
    if ([query.from, query.to].some((day) => day !== undefined && parseReportDay(day) === null)) {
      return
    }
    const resolved = resolveReportRange(query, now())
    if ("error" in resolved) {
      ctx.addIssue({ code: "custom", message: resolved.error })
    }
  })
  .transform((query) => {
    const resolved = resolveReportRange(query, now())
    return "range" in resolved ? resolved.range : { from: "", to: "" }
  })
export type AdminCouponPromotionStatsParamsType = z.infer<typeof AdminCouponPromotionStatsParams>

/** The most promotions one all-promotions stats request may name (a list page holds far fewer). */
export const MAX_STATS_PROMOTION_IDS = 200

/** `GET /admin/coupon-promotions/stats?id=`: every promotion, or those named (comma list or repeated `id`). */
export const AdminCouponPromotionsStatsParams = z
  .object({
    id: z
      .preprocess(
        (value) => (typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value),
        z.array(z.string().min(1)).max(MAX_STATS_PROMOTION_IDS)
      )
      .optional(),
  })
  .strict()
export type AdminCouponPromotionsStatsParamsType = z.infer<typeof AdminCouponPromotionsStatsParams>
