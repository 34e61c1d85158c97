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
 * (promotion_id, customer_id) and (promotion_id, email) of live rows (the promotion half of countCustomerUses).
 * Promotions without uses are absent.
 */
export async function countCustomerPromotionUses(
  knex: Knex,
  input: CustomerPromotionUsesInput
): Promise<Map<string, number>> {
  return (await countCustomerUses(knex, { ...input, coupon_ids: [] })).promotion_uses
}

export type CustomerUsesInput = {
  /** Coupons whose uses by `customer_id` are counted (Usage Per Customer of a code). */
  coupon_ids: string[]
  /** Promotions whose uses by `customer_id` or `email` are counted (per_customer_scope "promotion"). */
  promotion_ids: string[]
  customer_id: string | null
  /** Lower case; matched for the promotions only. */
  email: string | null
  /** Not counted: the cart being checked. */
  except_cart_id?: string | null
}

/**
 * Both counts Usage Per Customer needs, in one round trip: a customer's live uses of each coupon (by the customer
 * record; none without one) and of each promotion (by the customer record or the e-mail). Each half reads its own partial index: (coupon_id, customer_id) and
 * (promotion_id, customer_id) / (promotion_id, email). Coupons and promotions without uses are absent.
 */
export async function countCustomerUses(
  knex: Knex,
  input: CustomerUsesInput
): Promise<{ code_uses: Map<string, number>; promotion_uses: Map<string, number> }> {
  const out = { code_uses: new Map<string, number>(), promotion_uses: new Map<string, number>() }
  const live = `state <> 'released' AND deleted_at IS NULL${input.except_cart_id ? " AND cart_id <> ?" : ""}`
  const except = input.except_cart_id ? [input.except_cart_id] : []
  const parts: string[] = []
  const bindings: unknown[] = []
  if (input.coupon_ids.length && input.customer_id) {
    parts.push(
      `SELECT 'coupon' AS kind, coupon_id AS id, count(*)::int AS uses FROM coupon_redemption
        WHERE coupon_id = ANY(?) AND customer_id = ? AND ${live} GROUP BY coupon_id`
    )
    bindings.push(input.coupon_ids, input.customer_id, ...except)
  }
  const email = input.email?.trim().toLowerCase() || null
  if (input.promotion_ids.length && (input.customer_id || email)) {
    const who = [...(input.customer_id ? ["customer_id = ?"] : []), ...(email ? ["email = ?"] : [])]
    parts.push(
      `SELECT 'promotion' AS kind, promotion_id AS id, count(*)::int AS uses FROM coupon_redemption
        WHERE promotion_id = ANY(?) AND (${who.join(" OR ")}) AND ${live} GROUP BY promotion_id`
    )
    bindings.push(input.promotion_ids, ...(input.customer_id ? [input.customer_id] : []), ...(email ? [email] : []), ...except)
  }
  if (!parts.length) {
    return out
  }
  const { rows } = await knex.raw(parts.join(" UNION ALL "), bindings as any[])
  for (const row of rows as { kind: "coupon" | "promotion"; id: string; uses: number }[]) {
    ;(row.kind === "coupon" ? out.code_uses : out.promotion_uses).set(row.id, row.uses)
  }
  return out
}
