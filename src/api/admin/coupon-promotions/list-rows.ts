import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { LIST_ROW_BATCH_COLUMNS, LIST_ROW_PROMOTION_COLUMNS } from "../../../modules/coupon/sql/promotion-list-rows"
import type { ListPromotionIdsParams } from "../../../modules/coupon/sql/promotion-admin"

/** Sales channel fields the list reads itself (the read-only link's target). */
const SALES_CHANNEL_FIELDS = new Set(["id", "name"])

export type ListRowsPlan = {
  rows: NonNullable<ListPromotionIdsParams["rows"]>
  /** The sales channel fields to attach as `sales_channel`, when asked for. */
  salesChannel?: string[]
}

/**
 * Whether the list's fields can be read by the coupon module's own two queries (see
 * modules/coupon/sql/promotion-list-rows.ts): plain promotion columns, plain batch columns under `batches.`, and
 * the sales channel's id and name. Anything else (a wildcard, another relation, raw_ values): null, and the route
 * asks query.graph.
 */
export function listRowsPlan(fields: string[]): ListRowsPlan | null {
  const promotion: string[] = []
  const batches: string[] = []
  const salesChannel: string[] = []
  for (const field of fields) {
    const dot = field.indexOf(".")
    const [head, tail] = dot < 0 ? [field, ""] : [field.slice(0, dot), field.slice(dot + 1)]
    if (!tail && LIST_ROW_PROMOTION_COLUMNS.has(head)) {
      promotion.push(head)
    } else if (head === "batches" && LIST_ROW_BATCH_COLUMNS.has(tail)) {
      batches.push(tail)
    } else if (head === "sales_channel" && SALES_CHANNEL_FIELDS.has(tail)) {
      salesChannel.push(tail)
    } else {
      return null
    }
  }
  if (salesChannel.length) {
    // The link reads the channel by this column.
    promotion.push("sales_channel_id")
  }
  return {
    rows: { promotion: [...new Set(promotion)], batches: batches.length ? [...new Set(batches)] : undefined },
    // query.graph always gives the linked channel's id.
    salesChannel: salesChannel.length ? [...new Set(["id", ...salesChannel])] : undefined,
  }
}

/**
 * Adds `sales_channel` to rows read by the plan, as query.graph's read-only link does: the live channel with the
 * asked fields and its id, left out when the promotion has none or it is gone; `sales_channel_id` stays.
 */
export async function attachSalesChannels(
  container: MedusaContainer,
  rows: Record<string, unknown>[],
  plan: ListRowsPlan
): Promise<Record<string, unknown>[]> {
  if (!plan.salesChannel) {
    return rows
  }
  const ids = [...new Set(rows.map((row) => row.sales_channel_id).filter((id): id is string => !!id))]
  const channels: Record<string, unknown>[] = ids.length
    ? ((await container
        .resolve(Modules.SALES_CHANNEL)
        .listSalesChannels({ id: ids }, { select: plan.salesChannel })) as unknown as Record<string, unknown>[])
    : []
  const byId = new Map(
    channels.map((channel) => [
      channel.id as string,
      Object.fromEntries(plan.salesChannel!.map((field) => [field, channel[field]])),
    ])
  )
  return rows.map((row) => {
    const channel = row.sales_channel_id ? byId.get(row.sales_channel_id as string) : undefined
    return channel ? { ...row, sales_channel: channel } : row
  })
}
