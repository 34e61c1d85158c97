import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

export type CouponThrottleLimits = {
  /** Refused codes per cart within the window before further attempts get 429. */
  maxFailures: number
  /** Refused codes per client address within the window (many carts, one client). */
  maxFailuresPerIp: number
  /** Refused codes per logged-in customer within the window (many carts and addresses, one account). */
  maxFailuresPerCustomer: number
  windowSeconds: number
}

/**
 * `client_ip`: the peer address as resolved by clientAddress (forwarded headers only through trusted proxies);
 * `customer_id`: the request's authenticated customer, never one read from the cart.
 */
export type CouponThrottleKey = { cart_id?: string | null; client_ip?: string | null; customer_id?: string | null }

/**
 * A sliding window read with Postgres' clock (every app instance agrees): a key is blocked while it has `max`
 * failures younger than the window, until the max-th newest of them ages out; that instant gives Retry-After.
 */
export async function readCouponThrottle(
  knex: Knex,
  key: CouponThrottleKey,
  limits: CouponThrottleLimits
): Promise<{ limited: boolean; retry_after_seconds: number }> {
  const blockedUntil = (column: "cart_id" | "client_ip" | "customer_id", value: string, max: number) =>
    knex.raw(
      `(SELECT created_at + make_interval(secs => ?) FROM coupon_failed_attempt
         WHERE ${column} = ? AND deleted_at IS NULL AND created_at > now() - make_interval(secs => ?)
         ORDER BY created_at DESC OFFSET ? LIMIT 1)`,
      [limits.windowSeconds, value, limits.windowSeconds, Math.max(0, max - 1)]
    )
  const parts: Knex.Raw[] = []
  if (key.cart_id && limits.maxFailures > 0) {
    parts.push(blockedUntil("cart_id", key.cart_id, limits.maxFailures))
  }
  if (key.client_ip && limits.maxFailuresPerIp > 0) {
    parts.push(blockedUntil("client_ip", key.client_ip, limits.maxFailuresPerIp))
  }
  if (key.customer_id && limits.maxFailuresPerCustomer > 0) {
    parts.push(blockedUntil("customer_id", key.customer_id, limits.maxFailuresPerCustomer))
  }
  if (!parts.length) {
    return { limited: false, retry_after_seconds: 0 }
  }
  const sql = `SELECT ceil(extract(epoch FROM (greatest(${parts.map(() => "?").join(", ")}) - now())))::int AS wait`
  const { rows } = await knex.raw(sql, parts)
  const wait = rows[0]?.wait
  return wait !== null && wait !== undefined && wait > 0
    ? { limited: true, retry_after_seconds: wait }
    : { limited: false, retry_after_seconds: 0 }
}

/** Records one failure and drops this key's rows that can no longer count, so the table stays small. */
export async function recordCouponFailure(
  knex: Knex,
  key: CouponThrottleKey & { code?: string | null },
  windowSeconds: number
): Promise<void> {
  await knex.raw(
    `INSERT INTO coupon_failed_attempt (id, cart_id, client_ip, customer_id, code) VALUES (?, ?, ?, ?, ?)`,
    [
      generateEntityId(undefined, "cfail"),
      key.cart_id ?? null,
      key.client_ip ?? null,
      key.customer_id ?? null,
      key.code ? key.code.slice(0, 200) : null,
    ]
  )
  await knex.raw(
    `DELETE FROM coupon_failed_attempt
      WHERE created_at < now() - make_interval(secs => ?) AND (cart_id = ? OR client_ip = ? OR customer_id = ?)`,
    [windowSeconds, key.cart_id ?? null, key.client_ip ?? null, key.customer_id ?? null]
  )
}
