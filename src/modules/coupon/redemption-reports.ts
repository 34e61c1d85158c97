// Redemption reports (issue 18): the admin stats of one promotion or of all, and every use for the redemptions.csv
// download. Reads only, each in its own snapshot, outside any transaction of the caller.
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ReportRange } from "../../engine/redemption-report"
import { promotionRedemptionStats, promotionsRedemptionTotals } from "./sql/redemption-stats"
import { streamPromotionRedemptions } from "./sql/redemption-export"

export type { PromotionRedemptionStats, PromotionRedemptionTotals } from "./sql/redemption-stats"
export type { RedemptionExportRow } from "./sql/redemption-export"

export class RedemptionReports {
  constructor(private readonly knex: Knex) {}

  /** One promotion's uses over a range of UTC days (see ./sql/redemption-stats.ts for every figure). */
  promotionStats(promotionId: string, range: ReportRange) {
    return promotionRedemptionStats(this.knex, { promotion_id: promotionId, range })
  }

  /** Every use so far per promotion (all, or those named): orders, buyers, discount per currency. */
  promotionTotals(promotionIds?: string[]) {
    return promotionsRedemptionTotals(this.knex, { promotion_ids: promotionIds })
  }

  /** Every redemption of the promotion, any state, in pages (a server-side cursor). */
  streamPromotionUses(promotionId: string, fetchSize?: number) {
    return streamPromotionRedemptions(this.knex, promotionId, fetchSize)
  }
}
