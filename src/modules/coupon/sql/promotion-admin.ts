import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { PromotionStatus } from "../../../engine/promotion-status"
import { promotionStatusCondition } from "./promotion-status"
import { loadPromotionListRows, PromotionListRowsInput } from "./promotion-list-rows"

/** Columns the admin list may be ordered by (the route maps `order` onto this list; nothing else reaches SQL). */
export const PROMOTION_LIST_ORDER_COLUMNS = [
  "id",
  "custom_id",
  "name",
  "status",
  "coupon_type",
  "starts_at",
  "ends_at",
  "archived_at",
  "codes_total",
  "created_at",
  "updated_at",
] as const
export type PromotionListOrderColumn = (typeof PROMOTION_LIST_ORDER_COLUMNS)[number]

export type ListPromotionIdsParams = {
  statuses?: PromotionStatus[]
  q?: string
  now: Date
  order: { column: PromotionListOrderColumn; direction: "ASC" | "DESC" }
  limit: number
  offset: number
  /** Also the page's rows with these columns (see ./promotion-list-rows.ts), instead of ids alone. */
  rows?: Omit<PromotionListRowsInput, "ids">
}

export type PromotionIdsPage = { ids: string[]; count: number; rows?: Record<string, unknown>[] }

/**
 * One page of promotion ids for the admin list, filtered by the status an admin sees (computed at `now`) and a
 * name/custom ID search, plus the total. SQL because the computed status compares counters with each other.
 * With `rows`, the page's rows too.
 */
export async function listPromotionIdsForAdmin(knex: Knex, params: ListPromotionIdsParams): Promise<PromotionIdsPage> {
  if (!PROMOTION_LIST_ORDER_COLUMNS.includes(params.order.column)) {
    throw new Error(`Cannot order coupon promotions by ${params.order.column}`)
  }
  const direction = params.order.direction === "DESC" ? "DESC" : "ASC"
  const where: string[] = ["p.deleted_at IS NULL"]
  const bindings: (string | Date)[] = []
  if (params.statuses?.length) {
    const status = promotionStatusCondition(params.statuses, params.now)
    where.push(`(${status.sql})`)
    bindings.push(...status.bindings)
  }
  if (params.q) {
    const like = `%${params.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    where.push(`(p.name ILIKE ? OR p.custom_id ILIKE ?)`)
    bindings.push(like, like)
  }
  const whereSql = where.join(" AND ")
  // One round trip for page and total; only a page past the end (no rows to carry the total) needs a count.
  const page = await knex.raw(
    `SELECT p.id, count(*) OVER ()::int AS total FROM coupon_promotion p WHERE ${whereSql}
     ORDER BY p.${params.order.column} ${direction} NULLS LAST, p.id ASC LIMIT ? OFFSET ?`,
    [...bindings, params.limit, params.offset]
  )
  if (page.rows.length) {
    const ids: string[] = page.rows.map((r: { id: string }) => r.id)
    const rows = params.rows ? await loadPromotionListRows(knex, { ...params.rows, ids }) : undefined
    return { ids, count: page.rows[0].total, rows }
  }
  const total = await knex.raw(`SELECT count(*)::int AS count FROM coupon_promotion p WHERE ${whereSql}`, bindings)
  return { ids: [], count: total.rows[0].count, rows: params.rows ? [] : undefined }
}

/** Whether any code of the promotion was ever used: counters first, then the redemption ledger (any state). */
export async function hasPromotionBeenUsed(knex: Knex, id: string): Promise<boolean> {
  const result = await knex.raw(
    `SELECT 1 FROM coupon_promotion
       WHERE id = ? AND codes_used_partially + codes_used_fully + customers_used > 0
     UNION ALL
     SELECT 1 FROM coupon_redemption WHERE promotion_id = ? AND deleted_at IS NULL
     LIMIT 1`,
    [id, id]
  )
  return result.rows.length > 0
}

/** Conditional update, so two concurrent archive requests cannot both succeed. False when already archived. */
export async function archivePromotionOnce(knex: Knex, id: string, at: Date): Promise<boolean> {
  const result = await knex.raw(
    `UPDATE coupon_promotion SET archived_at = ?, updated_at = now()
     WHERE id = ? AND archived_at IS NULL AND deleted_at IS NULL RETURNING id`,
    [at, id]
  )
  return result.rows.length > 0
}

/** Rollback of archivePromotionOnce: undoes only that very archive (same timestamp). */
export async function undoPromotionArchive(knex: Knex, id: string, at: Date): Promise<void> {
  await knex.raw(`UPDATE coupon_promotion SET archived_at = NULL WHERE id = ? AND archived_at = ?`, [id, at])
}

/**
 * Soft-deletes a promotion with its batches and codes in three statements (a promotion can own millions of codes).
 * The code rows stay, so the system-wide unique index keeps a deleted promotion's codes from being issued again:
 * they may already be printed or mailed, and must never start meaning another discount.
 */
export async function softDeletePromotionTree(knex: Knex, id: string, at: Date): Promise<void> {
  await knex.raw(`UPDATE coupon SET deleted_at = ? WHERE promotion_id = ? AND deleted_at IS NULL`, [at, id])
  await knex.raw(`UPDATE coupon_batch SET deleted_at = ? WHERE promotion_id = ? AND deleted_at IS NULL`, [at, id])
  await knex.raw(`UPDATE coupon_promotion SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, [at, id])
}

/** Rollback of softDeletePromotionTree: restores exactly the rows that deletion stamped. */
export async function restorePromotionTree(knex: Knex, id: string, at: Date): Promise<void> {
  await knex.raw(`UPDATE coupon_promotion SET deleted_at = NULL WHERE id = ? AND deleted_at = ?`, [id, at])
  await knex.raw(`UPDATE coupon_batch SET deleted_at = NULL WHERE promotion_id = ? AND deleted_at = ?`, [id, at])
  await knex.raw(`UPDATE coupon SET deleted_at = NULL WHERE promotion_id = ? AND deleted_at = ?`, [id, at])
}
