import type { Knex } from "@medusajs/framework/mikro-orm/knex"

export type CustomerPromotionUsesInput = {
  promotion_ids: string[]
  /** The cart's customer record (account or guest); null: match by e-mail only. */
  customer_id: string | null
  /** The cart's e-mail, lower case: a guest's earlier orders under another guest record still count. */
  email: string | null
  /** Not counted: the cart being checked (its own reservation must not refuse it). */
  except_cart_id?: string | null
}

/**
 * A customer's live (reserved or confirmed) redemptions of each promotion, across all its codes, matched by the
 * customer record or the e-mail (per_customer_scope "promotion"). Read on the partial indexes
 * (promotion_id, customer_id) and (promotion_id, email) of live rows. Promotions without uses are absent.
 */
export async function countCustomerPromotionUses(
  knex: Knex,
  input: CustomerPromotionUsesInput
): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (!input.promotion_ids.length || (!input.customer_id && !input.email)) {
    return out
  }
  const who: string[] = []
  const bindings: unknown[] = [input.promotion_ids]
  if (input.customer_id) {
    who.push("customer_id = ?")
    bindings.push(input.customer_id)
  }
  if (input.email) {
    who.push("email = ?")
    bindings.push(input.email.trim().toLowerCase())
  }
  if (input.except_cart_id) {
    bindings.push(input.except_cart_id)
  }
  const { rows } = await knex.raw(
    `SELECT promotion_id, count(*)::int AS uses FROM coupon_redemption
      WHERE promotion_id = ANY(?) AND (${who.join(" OR ")})
        AND state <> 'released' AND deleted_at IS NULL
        ${input.except_cart_id ? "AND cart_id <> ?" : ""}
      GROUP BY promotion_id`,
    bindings as any[]
  )
  for (const row of rows as { promotion_id: string; uses: number }[]) {
    out.set(row.promotion_id, row.uses)
  }
  return out
}
