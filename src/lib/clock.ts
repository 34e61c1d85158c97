/**
 * The one place the plugin asks for "now" when it decides a promotion's status or fixes a relative time span.
 *
 * Test-only override: when NODE_ENV is "test" and COUPON_CLOCK_NOW holds an ISO date, that instant is "now".
 * It is read on every call, so a test can move the clock between requests of the same app. Outside tests
 * the variable is ignored, so a stray environment value can never freeze a production store's clock.
 */
export function now(): Date {
  const override = process.env.COUPON_CLOCK_NOW
  if (override && process.env.NODE_ENV === "test") {
    const at = new Date(override)
    if (!Number.isNaN(at.getTime())) {
      return at
    }
  }
  return new Date()
}
