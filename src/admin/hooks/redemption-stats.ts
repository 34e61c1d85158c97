import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

/** An exact decimal amount (a string) in one currency. */
export type CurrencyAmount = { currency_code: string; amount: string }

/** GET /admin/coupon-promotions/:id/stats (README "Redemption reports"). */
export type RedemptionStats = {
  from: string
  to: string
  orders: number
  customers: number
  discount: CurrencyAmount[]
  by_day: { day: string; orders: number; discount: CurrencyAmount[] }[]
  top_codes: { coupon_id: string; code: string; orders: number; discount: CurrencyAmount[] }[]
  canceled: number
  released: number
  reserved_now: number
}

/** A range of UTC days ending today, both ends included (what the API's from/to mean). */
export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  return { from: day(end - (days - 1) * 86400000), to: day(end) }
}

export function useRedemptionStats(promotionId: string, range: { from: string; to: string }) {
  return useQuery({
    queryKey: ["coupon-promotions", "stats", promotionId, range.from, range.to],
    queryFn: () =>
      sdk.client
        .fetch<{ stats: RedemptionStats }>(`/admin/coupon-promotions/${promotionId}/stats`, { query: range })
        .then((r) => r.stats),
    // The previous range stays on screen while the next one loads.
    placeholderData: keepPreviousData,
  })
}

/** GET /admin/coupon-promotions/stats: every use so far of each promotion. */
export type PromotionRedemptionTotals = { promotion_id: string; orders: number; customers: number; discount: CurrencyAmount[] }

/** The totals of the promotions on one list page (one request for the page). */
export function usePromotionsRedemptionTotals(promotionIds: string[]) {
  return useQuery({
    queryKey: ["coupon-promotions", "stats", "list", promotionIds],
    queryFn: () =>
      sdk.client
        .fetch<{ stats: PromotionRedemptionTotals[] }>("/admin/coupon-promotions/stats", {
          query: { id: promotionIds.join(",") },
        })
        .then((r) => new Map(r.stats.map((s) => [s.promotion_id, s]))),
    enabled: promotionIds.length > 0,
    placeholderData: keepPreviousData,
  })
}
