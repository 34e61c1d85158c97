/**
 * The SQL of the data check (src/scripts/check-coupon-invariants.ts), in one place. Each check is one statement
 * that reads `coupon` at most once, whatever the number of promotions (never a query per promotion), and returns
 * rows of (kind, example, detail[, weight]) for ../invariants.ts to summarize. Nothing writes but the counter repair
 * at the end.
 *
 * Medusa's tables (order, cart, promotion) are read only when they exist: a module test database has none.
 */

/** Must equal COUPON_ADJUSTMENT_PROVIDER_ID and couponAdjustmentDescription() (src/workflows/cart-coupons). */
export const ADJUSTMENT_PROVIDER_ID = "coupon-batches"
export const ADJUSTMENT_DESCRIPTION_PREFIX = "Coupon "

/** The counter columns a promotion / batch keeps for its codes, and the coupon rows each one counts. */
export const CODE_COUNTERS = {
  codes_total: "count(*)",
  codes_unassigned: "count(*) FILTER (WHERE state = 'unassigned')",
  codes_assigned: "count(*) FILTER (WHERE state = 'assigned')",
  codes_used_partially: "count(*) FILTER (WHERE state = 'used_partially')",
  codes_used_fully: "count(*) FILTER (WHERE state = 'used_fully')",
} as const
/** Promotion only: Σ over its codes of what each code counts (distinct customers, customers with no use left). */
export const CUSTOMER_COUNTERS = {
  customers_used: "sum(customers_count)",
  customers_exhausted: "sum(customers_exhausted)",
} as const
export type CounterColumn = keyof typeof CODE_COUNTERS | keyof typeof CUSTOMER_COUNTERS
export const PROMOTION_COUNTER_COLUMNS = [...Object.keys(CODE_COUNTERS), ...Object.keys(CUSTOMER_COUNTERS)] as CounterColumn[]
export const BATCH_COUNTER_COLUMNS = Object.keys(CODE_COUNTERS) as CounterColumn[]

export const TABLE_PRESENCE_SQL = `SELECT to_regclass('"order"') IS NOT NULL AND to_regclass('order_item') IS NOT NULL
         AND to_regclass('order_line_item_adjustment') IS NOT NULL AS orders,
       to_regclass('cart') IS NOT NULL AS carts,
       to_regclass('promotion') IS NOT NULL AS promotions`

function sums(columns: CounterColumn[]) {
  return columns.map((column) => `sum(g.${column})::bigint AS ${column}`).join(", ")
}

function drift(alias: string, columns: CounterColumn[]) {
  // One (id, column) row per differing counter; NULL-safe because a promotion without codes has no row in e.
  return `SELECT ${alias}.id, d.column_name, d.actual, d.expected
    FROM ${alias} CROSS JOIN LATERAL (VALUES ${columns
      .map((c) => `('${c}', ${alias}.${c}::bigint, coalesce(${alias}.e_${c}, 0))`)
      .join(", ")}) AS d(column_name, actual, expected)
   WHERE d.actual IS DISTINCT FROM d.expected`
}

/**
 * Invariant 1, in one pass over `coupon`: live promotions' and batches' counters against their live codes per state
 * (void codes count in codes_total only), codes whose promotion does not exist (the foreign key was dropped for load
 * speed) and codes whose batch is not one of their promotion's. Soft-deleted promotions and batches are not judged:
 * their counters stop at deletion (a promotion's keep its codes, which still occupy their values; a deleted unused
 * batch's drop to zero), and nothing reads them as live figures.
 * Detail names the counter (or the missing promotion / batch); weight: the codes a group stands for.
 */
export const COUNTERS_SQL = `
WITH g AS MATERIALIZED (
  SELECT promotion_id, batch_id, deleted_at IS NULL AS live, min(id) AS first_id,
         ${Object.entries({ ...CODE_COUNTERS, ...CUSTOMER_COUNTERS })
           .map(([column, expression]) => `${expression} AS ${column}`)
           .join(",\n         ")}
    FROM coupon GROUP BY promotion_id, batch_id, deleted_at IS NULL
), per_promotion AS (
  SELECT g.promotion_id AS id, ${sums(PROMOTION_COUNTER_COLUMNS)}
    FROM g WHERE g.live GROUP BY g.promotion_id
), per_batch AS (
  SELECT g.batch_id AS id, ${sums(BATCH_COUNTER_COLUMNS)}
    FROM g JOIN coupon_batch b ON b.id = g.batch_id AND b.promotion_id = g.promotion_id
   WHERE g.live GROUP BY g.batch_id
), pe AS (
  SELECT p.id, ${PROMOTION_COUNTER_COLUMNS.map((c) => `p.${c}, e.${c} AS e_${c}`).join(", ")}
    FROM coupon_promotion p LEFT JOIN per_promotion e ON e.id = p.id WHERE p.deleted_at IS NULL
), be AS (
  SELECT b.id, ${BATCH_COUNTER_COLUMNS.map((c) => `b.${c}, e.${c} AS e_${c}`).join(", ")}
    FROM coupon_batch b LEFT JOIN per_batch e ON e.id = b.id WHERE b.deleted_at IS NULL
)
SELECT 'promotion_counters' AS kind, id AS example, column_name AS detail, NULL::bigint AS weight
  FROM (${drift("pe", PROMOTION_COUNTER_COLUMNS)}) x
UNION ALL
SELECT 'batch_counters', id, column_name, NULL FROM (${drift("be", BATCH_COUNTER_COLUMNS)}) y
UNION ALL
SELECT 'coupon_without_promotion', g.first_id, g.promotion_id, g.codes_total
  FROM g WHERE NOT EXISTS (SELECT 1 FROM coupon_promotion p WHERE p.id = g.promotion_id)
UNION ALL
SELECT 'coupon_in_foreign_batch', g.first_id, g.batch_id, g.codes_total
  FROM g WHERE g.batch_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM coupon_batch b WHERE b.id = g.batch_id AND b.promotion_id = g.promotion_id)`

/**
 * Invariant 2: the codes each order's lines carry as plugin adjustments, against the confirmed redemptions.
 * Orders and their lines meet in order_item (one row per order version); the code is the adjustment's description.
 * Orders younger than the grace (`?` 1) and cancellations within it (`?` 2) are left to the subscribers.
 */
export const ORDER_REDEMPTIONS_SQL = `
WITH order_codes AS MATERIALIZED (
  SELECT DISTINCT oi.order_id, substr(a.description, ${ADJUSTMENT_DESCRIPTION_PREFIX.length + 1}) AS code
    FROM order_line_item_adjustment a
    JOIN order_item oi ON oi.item_id = a.item_id AND oi.deleted_at IS NULL
   WHERE a.provider_id = '${ADJUSTMENT_PROVIDER_ID}' AND a.deleted_at IS NULL
     AND a.description LIKE '${ADJUSTMENT_DESCRIPTION_PREFIX}%'
)
SELECT CASE WHEN count(r.id) = 0 THEN 'order_without_redemption' ELSE 'order_redeemed_twice' END AS kind,
       oc.order_id || ' ' || oc.code AS example, NULL AS detail
  FROM order_codes oc
  JOIN "order" o ON o.id = oc.order_id
  LEFT JOIN coupon c ON c.code = oc.code
  LEFT JOIN coupon_redemption r
    ON r.coupon_id = c.id AND r.order_id = oc.order_id AND r.state = 'confirmed' AND r.deleted_at IS NULL
 WHERE o.deleted_at IS NULL AND o.status::text NOT IN ('canceled', 'draft') AND o.created_at < ?
 GROUP BY oc.order_id, oc.code
HAVING count(r.id) <> 1
UNION ALL
SELECT CASE WHEN o.id IS NULL OR o.deleted_at IS NOT NULL THEN 'redemption_order_missing'
            WHEN o.status::text = 'canceled' THEN 'redemption_order_canceled'
            ELSE 'redemption_without_adjustment' END,
       r.id, NULL
  FROM coupon_redemption r
  JOIN coupon c ON c.id = r.coupon_id
  LEFT JOIN "order" o ON o.id = r.order_id
  LEFT JOIN order_codes oc ON oc.order_id = r.order_id AND oc.code = c.code
 WHERE r.state = 'confirmed' AND r.deleted_at IS NULL
   AND (o.id IS NULL OR o.deleted_at IS NOT NULL
        OR (o.status::text = 'canceled' AND coalesce(o.canceled_at, o.updated_at) < ?)
        OR (o.status::text <> 'canceled' AND oc.order_id IS NULL))`

/**
 * Invariant 3: reservations (the partial index on reserved rows keeps this small). Bindings: stale-before, then,
 * with the cart table, completed-before.
 */
export function reservationsSql(withCarts: boolean): string {
  const stale = `SELECT 'stale_reservation' AS kind, r.id AS example, NULL AS detail
    FROM coupon_redemption r WHERE r.state = 'reserved' AND r.deleted_at IS NULL AND r.reserved_at < ?`
  if (!withCarts) {
    return stale
  }
  return `${stale}
UNION ALL
SELECT CASE WHEN ca.id IS NULL OR ca.deleted_at IS NOT NULL THEN 'reservation_without_cart'
            ELSE 'reservation_on_completed_cart' END, r.id, NULL
  FROM coupon_redemption r LEFT JOIN cart ca ON ca.id = r.cart_id
 WHERE r.state = 'reserved' AND r.deleted_at IS NULL
   AND (ca.id IS NULL OR ca.deleted_at IS NOT NULL OR ca.completed_at < ?)`
}

/**
 * Invariant 4: no two codes equal once trimmed and upper-cased, codes stored normalized, none equal to a live Medusa
 * promotion code. Grouping a million codes by upper(btrim(code)) spills to disk and takes seconds, so the unique
 * index does the heavy part: while a valid unique index on coupon(code) exists no two rows share `code`, and two rows
 * sharing the normalized form must include one not stored normalized; those few are found with one plain scan and
 * looked up through the index. Without the index (reported) the full GROUP BY runs instead.
 */
export function codesSql(withPromotions: boolean): string {
  const promotionClash = `
UNION ALL
SELECT 'code_is_medusa_promotion', c.code, p.id
  FROM promotion p JOIN coupon c ON c.code = upper(btrim(p.code))
 WHERE p.deleted_at IS NULL AND p.code IS NOT NULL AND c.deleted_at IS NULL`
  return `
WITH unique_index AS (
  SELECT EXISTS (
    SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attname = 'code'
     WHERE i.indrelid = to_regclass('coupon') AND i.indisunique AND i.indisvalid AND i.indpred IS NULL
       AND i.indexprs IS NULL AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum) AS present
), odd AS MATERIALIZED (
  SELECT id, upper(btrim(code)) AS normalized FROM coupon WHERE code <> upper(btrim(code))
), duplicate AS (
  SELECT normalized FROM (
    SELECT normalized FROM odd
    UNION ALL
    SELECT c.code FROM coupon c WHERE c.code IN (SELECT normalized FROM odd)
  ) folded GROUP BY normalized HAVING count(*) > 1
  UNION
  SELECT code FROM coupon WHERE NOT (SELECT present FROM unique_index) GROUP BY code HAVING count(*) > 1
)
SELECT 'duplicate_code' AS kind, normalized AS example, NULL AS detail FROM duplicate
UNION ALL
SELECT 'code_not_normalized', id, NULL FROM odd
UNION ALL
SELECT 'code_index_missing', 'IDX_coupon_code_unique', NULL FROM unique_index WHERE NOT present${
    withPromotions ? promotionClash : ""
  }`
}

/**
 * Invariant 5: each code's counters against its live (non-released) redemptions. A customer's uses of a code form
 * one group; a use without a customer is a group of its own (engine recordUseEffect counts it as a new customer).
 * A group is exhausted when its uses reach the per-customer limit (engine remainingUses: unlimited never; limited
 * N, or 1 when N is missing; one order 1). amount_used is kept for personal fixed coupons only.
 */
export const USAGE_SQL = `
WITH per_coupon AS MATERIALIZED (
  SELECT u.coupon_id, sum(u.n) AS uses, count(*) AS customers, sum(u.amount) AS amount,
         count(*) FILTER (WHERE u.n >= CASE p.usage_per_customer
                                         WHEN 'unlimited' THEN NULL
                                         WHEN 'limited' THEN CASE WHEN p.usage_per_customer_limit > 0
                                                                  THEN p.usage_per_customer_limit ELSE 1 END
                                         ELSE 1 END) AS exhausted
    FROM (SELECT coupon_id, promotion_id, count(*) AS n, sum(amount) AS amount
            FROM coupon_redemption WHERE deleted_at IS NULL AND state <> 'released'
           GROUP BY coupon_id, promotion_id, customer_id, CASE WHEN customer_id IS NULL THEN id END) u
    JOIN coupon_promotion p ON p.id = u.promotion_id
   GROUP BY u.coupon_id
), compared AS (
  SELECT c.id,
         c.uses_count <> coalesce(e.uses, 0) AS bad_uses,
         c.customers_count <> coalesce(e.customers, 0) OR c.customers_exhausted <> coalesce(e.exhausted, 0)
           AS bad_customers,
         p.coupon_type = 'personal' AND p.discount_type = 'fixed'
           AND coalesce(c.amount_used, 0) <> coalesce(e.amount, 0) AS bad_balance
    FROM coupon c
    JOIN coupon_promotion p ON p.id = c.promotion_id
    LEFT JOIN per_coupon e ON e.coupon_id = c.id
   WHERE c.uses_count <> 0 OR c.customers_count <> 0 OR c.customers_exhausted <> 0
      OR coalesce(c.amount_used, 0) <> 0 OR e.coupon_id IS NOT NULL
)
SELECT k.kind, compared.id AS example, NULL AS detail
  FROM compared CROSS JOIN LATERAL (VALUES ('coupon_uses', bad_uses), ('coupon_customers', bad_customers),
                                           ('coupon_balance', bad_balance)) AS k(kind, bad)
 WHERE k.bad`

/**
 * Invariant 6: each live promotion's totals (orders_count, discount_used per currency: what max_orders and the budget
 * are checked against) against its live redemptions. Compared as jsonb of exact numerics, so "10.00" equals "10".
 */
export const PROMOTION_TOTALS_SQL = `
WITH live AS MATERIALIZED (
  SELECT promotion_id, currency_code, count(*) AS n, sum(amount) AS total
    FROM coupon_redemption WHERE deleted_at IS NULL AND state <> 'released'
   GROUP BY promotion_id, currency_code
), expected AS (
  SELECT promotion_id, sum(n)::bigint AS orders, jsonb_object_agg(currency_code, total) AS used
    FROM live GROUP BY promotion_id
), stored AS (
  SELECT p.id, p.orders_count,
         (SELECT coalesce(jsonb_object_agg(k, v::numeric) FILTER (WHERE v::numeric <> 0), '{}'::jsonb)
            FROM jsonb_each_text(coalesce(p.discount_used, '{}'::jsonb)) AS d(k, v)) AS used
    FROM coupon_promotion p WHERE p.deleted_at IS NULL
)
SELECT 'promotion_totals' AS kind, s.id AS example,
       CASE WHEN s.orders_count <> coalesce(e.orders, 0) THEN 'orders_count' ELSE 'discount_used' END AS detail
  FROM stored s LEFT JOIN expected e ON e.promotion_id = s.id
 WHERE s.orders_count <> coalesce(e.orders, 0)
    OR s.used <> coalesce((SELECT jsonb_object_agg(k, v::numeric) FILTER (WHERE v::numeric <> 0)
                             FROM jsonb_each_text(e.used) AS x(k, v)), '{}'::jsonb)`

/**
 * Per kind: how many (distinct examples, or the codes they stand for when rows carry a weight), the first 10
 * examples in sort order and the distinct details. Every check query returns (kind, example, detail[, weight]).
 */
export function summarizeSql(inner: string, weighted = false): string {
  return `SELECT kind, coalesce(sum(weight), count(DISTINCT example))::int AS count,
       (array_agg(DISTINCT example ORDER BY example))[1:10] AS examples,
       array_remove(array_agg(DISTINCT detail ORDER BY detail), NULL) AS details
  FROM (SELECT kind, example::text AS example, detail::text AS detail, ${weighted ? "weight" : "NULL::bigint AS weight"}
          FROM (${inner}) q) s
 GROUP BY kind ORDER BY kind`
}

/**
 * Counter repair: what the counters of the given promotions (`?` 1) and batches (`?` 3) should be, from one pass over
 * the live codes of the promotions involved (`?` 2: those promotions and the batches' owners). Run after their rows
 * are locked (promotion rows, then batch rows, as every writer locks them) so the counts cannot move underneath.
 * A batch counts its own promotion's codes that name it, as COUNTERS_SQL does.
 */
export const EXPECTED_COUNTERS_SQL = `
WITH g AS MATERIALIZED (
  SELECT promotion_id, batch_id, ${Object.entries({ ...CODE_COUNTERS, ...CUSTOMER_COUNTERS })
    .map(([column, expression]) => `${expression} AS ${column}`)
    .join(", ")}
    FROM coupon WHERE promotion_id = ANY(?) AND deleted_at IS NULL GROUP BY promotion_id, batch_id
)
SELECT * FROM (
  SELECT 'coupon_promotion' AS table_name, p.id, ${PROMOTION_COUNTER_COLUMNS.map((c) => `coalesce(sum(g.${c}), 0)::bigint AS ${c}`).join(", ")}
    FROM coupon_promotion p LEFT JOIN g ON g.promotion_id = p.id
   WHERE p.id = ANY(?) AND p.deleted_at IS NULL GROUP BY p.id
  UNION ALL
  SELECT 'coupon_batch', b.id, ${PROMOTION_COUNTER_COLUMNS.map((c) => `coalesce(g.${c}, 0)::bigint`).join(", ")}
    FROM coupon_batch b LEFT JOIN g ON g.batch_id = b.id AND g.promotion_id = b.promotion_id
   WHERE b.id = ANY(?) AND b.deleted_at IS NULL
) expected ORDER BY table_name DESC, id`

/** The check reads one snapshot: counters and the rows they count as of one instant. */
export const SNAPSHOT_SQL = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"

export const lockTimeoutSql = (ms: number) => `SET LOCAL lock_timeout = '${Math.max(1, Math.floor(ms))}ms'`

/** The repair's candidates: the rows COUNTERS_SQL finds drifted. */
export const DRIFTED_SQL = `SELECT DISTINCT kind, example FROM (${COUNTERS_SQL}) q
 WHERE kind IN ('promotion_counters', 'batch_counters')`

export const BATCH_OWNERS_SQL = `SELECT DISTINCT promotion_id FROM coupon_batch WHERE id = ANY(?)`

/** Promotion rows, then batch rows, each by id: the lock order of assignment, redemption and batch loads. */
export const LOCK_PROMOTIONS_SQL = `SELECT id, ${PROMOTION_COUNTER_COLUMNS.join(", ")}
  FROM coupon_promotion WHERE id = ANY(?) ORDER BY id FOR UPDATE`
export const LOCK_BATCHES_SQL = `SELECT id, ${BATCH_COUNTER_COLUMNS.join(", ")}
  FROM coupon_batch WHERE id = ANY(?) ORDER BY id FOR UPDATE`

/** Sets the listed counters of many rows at once; `?`: a JSON array of {id, <column>: value}. */
export function updateCountersSql(table: "coupon_promotion" | "coupon_batch", columns: CounterColumn[]): string {
  return `UPDATE ${table} t SET ${columns.map((c) => `${c} = v.${c}`).join(", ")}, updated_at = now()
  FROM json_to_recordset(?::json) AS v(id text, ${columns.map((c) => `${c} integer`).join(", ")})
 WHERE t.id = v.id`
}
