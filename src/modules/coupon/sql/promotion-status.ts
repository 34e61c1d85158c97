import type { PromotionStatus } from "../../../engine/promotion-status"

/**
 * computePromotionStatus (src/engine/promotion-status.ts) as SQL conditions on coupon_promotion columns, so a list
 * filtered by the status an admin sees is paginated and counted by Postgres. Keep the two in step: same precedence
 * (archived > inactive > expired > scheduled > active), same "used up" rules. Every `?` is bound to `now`.
 * NULLs are spelled out (IS NOT NULL / COALESCE) because NOT over a NULL comparison would drop rows.
 */
const EXPIRED = `(
  (p.ends_at IS NOT NULL AND p.ends_at <= ?)
  OR (p.codes_total > 0 AND p.codes_used_fully >= p.codes_total)
  OR (
    p.coupon_type <> 'personal' AND p.usage_per_code = 'first_customers'
    AND COALESCE(p.usage_per_code_limit, 0) > 0 AND p.codes_total > 0
    AND p.customers_used >= p.usage_per_code_limit * p.codes_total
    AND p.customers_exhausted >= p.usage_per_code_limit * p.codes_total
  )
  OR (p.max_orders IS NOT NULL AND p.max_orders > 0 AND p.orders_count >= p.max_orders)
  OR (
    p.currency_amounts = '{}'::jsonb AND p.budget IS NOT NULL AND p.currency_code IS NOT NULL
    AND COALESCE((p.discount_used ->> lower(p.currency_code))::numeric, 0) >= p.budget
  )
  OR (
    p.currency_amounts <> '{}'::jsonb AND NOT EXISTS (
      SELECT 1 FROM jsonb_each(p.currency_amounts) AS r(code, amounts)
       WHERE jsonb_typeof(r.amounts -> 'budget') IS DISTINCT FROM 'number'
          OR COALESCE((p.discount_used ->> r.code)::numeric, 0) < (r.amounts ->> 'budget')::numeric
    )
  )
)`

const LIVE = `p.archived_at IS NULL AND p.status = 'active'`

export const PROMOTION_STATUS_SQL: Record<PromotionStatus, { sql: string; nowBindings: number }> = {
  archived: { sql: `p.archived_at IS NOT NULL`, nowBindings: 0 },
  inactive: { sql: `p.archived_at IS NULL AND p.status = 'inactive'`, nowBindings: 0 },
  expired: { sql: `${LIVE} AND ${EXPIRED}`, nowBindings: 1 },
  scheduled: { sql: `${LIVE} AND NOT ${EXPIRED} AND p.starts_at IS NOT NULL AND p.starts_at > ?`, nowBindings: 2 },
  active: { sql: `${LIVE} AND NOT ${EXPIRED} AND (p.starts_at IS NULL OR p.starts_at <= ?)`, nowBindings: 2 },
}

/** WHERE fragment (with bindings) matching any of `statuses`. */
export function promotionStatusCondition(statuses: PromotionStatus[], now: Date): { sql: string; bindings: Date[] } {
  const parts = statuses.map((s) => PROMOTION_STATUS_SQL[s])
  return {
    sql: parts.map((p) => `(${p.sql})`).join(" OR "),
    bindings: parts.flatMap((p) => Array.from({ length: p.nowBindings }, () => now)),
  }
}
