// The promotion-wide totals that max_orders and the budget are checked against (issue 16): live orders across all
// codes and the discount they carry, per currency. Moved by every reserve, release and restore, under the
// promotion's row lock, in the same transaction as the ledger row.
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * Adds (`sign` 1) or takes back (-1) one order and its `amount` in `currency` on the locked promotion, and mirrors
 * the new values on the in-memory row so later checks in the same transaction see them.
 */
export async function movePromotionTotals(
  knex: Knex,
  promotion: { id: string; orders_count: number; discount_used: Record<string, string> | null },
  currency: string,
  amount: string,
  sign: 1 | -1
): Promise<void> {
  const key = currency.toLowerCase()
  const { rows } = await knex.raw(
    `UPDATE coupon_promotion
        SET orders_count = orders_count + ?,
            discount_used = jsonb_set(COALESCE(discount_used, '{}'::jsonb), ARRAY[?::text],
              to_jsonb((COALESCE((discount_used ->> ?)::numeric, 0) + ?::numeric * ?)::text)),
            updated_at = now()
      WHERE id = ? RETURNING orders_count, discount_used`,
    [sign, key, key, amount, sign, promotion.id]
  )
  promotion.orders_count = rows[0].orders_count
  promotion.discount_used = rows[0].discount_used
}
