/**
 * What state a coupon promotion is in at a given moment, and the concrete dates of its time span.
 * Pure: every function takes `now` so lists, the store route and checkout agree on one clock reading.
 */
import { PromotionCapCause, PromotionLimitsInput, promotionCapReached } from "./limits"

export type PromotionStatus = "active" | "inactive" | "scheduled" | "expired" | "archived"

/** Why a promotion counts as expired (uStore: "fully used or reached its expiration date"). */
export type PromotionExpiryCause = "ends_at" | "used_up" | PromotionCapCause

export type DateInput = Date | string

export interface PromotionStatusInput extends PromotionLimitsInput {
  /** The administrator's switch; the other statuses are derived. */
  status: "active" | "inactive"
  archived_at?: DateInput | null
  starts_at?: DateInput | null
  ends_at?: DateInput | null
  coupon_type?: "personal" | "promotion_code" | null
  usage_per_code?: "unlimited" | "first_customers" | null
  usage_per_code_limit?: number | null
  codes_total?: number | null
  codes_used_fully?: number | null
  /** Σ over the promotion's codes of the customers counted towards "first N customers". */
  customers_used?: number | null
  /**
   * Σ over the promotion's codes of counted customers who have no use left under the per-customer limit.
   * Not in the model yet; without it only `codes_used_fully` can tell that a "first N customers" promotion is used up.
   */
  customers_exhausted?: number | null
}

/** Accepts a Date or an ISO string; null/undefined mean "no date". Invalid input is a caller bug, so it throws. */
export function toOptionalDate(value: DateInput | null | undefined): Date | null {
  if (value === null || value === undefined) {
    return null
  }
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`Invalid date: ${String(value)}`)
  }
  return date
}

function count(value: number | null | undefined): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0
}

/**
 * "First N customers" is a per-code limit, so the promotion is used up only when every code has N counted customers
 * and all of them have spent their per-customer allowance; with per-code counters summed on the promotion that is
 * "both sums reach N × codes". For a single-code promotion this is simply customers_used ≥ N and exhausted ≥ N.
 */
function firstCustomersUsedUp(promotion: PromotionStatusInput): boolean {
  if (promotion.coupon_type === "personal" || promotion.usage_per_code !== "first_customers") {
    return false
  }
  const limit = promotion.usage_per_code_limit
  const codes = count(promotion.codes_total)
  if (typeof limit !== "number" || limit <= 0 || codes <= 0) {
    return false
  }
  if (promotion.customers_exhausted === null || promotion.customers_exhausted === undefined) {
    return false
  }
  const needed = limit * codes
  return count(promotion.customers_used) >= needed && promotion.customers_exhausted >= needed
}

/** Whether, and why, the promotion is expired at `now`, ignoring archived/inactive. */
export function promotionExpiryCause(
  promotion: PromotionStatusInput,
  now: Date
): PromotionExpiryCause | null {
  const endsAt = toOptionalDate(promotion.ends_at)
  if (endsAt && endsAt.getTime() <= now.getTime()) {
    return "ends_at"
  }
  const codesTotal = count(promotion.codes_total)
  if (codesTotal > 0 && count(promotion.codes_used_fully) >= codesTotal) {
    return "used_up"
  }
  if (firstCustomersUsedUp(promotion)) {
    return "used_up"
  }
  return promotionCapReached(promotion)
}

/** Precedence archived > inactive > expired > scheduled > active. */
export function computePromotionStatus(promotion: PromotionStatusInput, now: Date): PromotionStatus {
  if (toOptionalDate(promotion.archived_at)) {
    return "archived"
  }
  if (promotion.status === "inactive") {
    return "inactive"
  }
  if (promotionExpiryCause(promotion, now)) {
    return "expired"
  }
  const startsAt = toOptionalDate(promotion.starts_at)
  if (startsAt && startsAt.getTime() > now.getTime()) {
    return "scheduled"
  }
  return "active"
}

export type TimeSpanType = "unlimited" | "relative" | "range"
export type TimeSpanUnit = "days" | "weeks" | "months"

export interface TimeSpanInput {
  time_span_type?: TimeSpanType | null
  time_span_amount?: number | null
  time_span_unit?: TimeSpanUnit | null
  starts_at?: DateInput | null
  ends_at?: DateInput | null
}

export interface ResolvedTimeSpan {
  starts_at: Date | null
  ends_at: Date | null
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Calendar months in UTC, keeping the time of day; a day that the target month lacks clamps to its last day
 * (Jan 31 + 1 month = Feb 28/29), because "expires in 1 month" must not spill into March.
 */
export function addCalendarMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + months
  const lastDayOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(date.getUTCDate(), lastDayOfTarget)
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds()
    )
  )
}

/**
 * Concrete dates for a time span (uStore "Unlimited" / "Will expire in … from Today" / "Starting date … Expiration
 * date"). Resolved once, when the promotion is saved, so "from today" means the day the admin set it.
 */
export function resolveTimeSpan(timeSpan: TimeSpanInput, now: Date): ResolvedTimeSpan {
  switch (timeSpan.time_span_type ?? "unlimited") {
    case "unlimited":
      return { starts_at: null, ends_at: null }
    case "range":
      return { starts_at: toOptionalDate(timeSpan.starts_at), ends_at: toOptionalDate(timeSpan.ends_at) }
    case "relative": {
      const amount = timeSpan.time_span_amount
      if (typeof amount !== "number" || !Number.isInteger(amount) || amount <= 0) {
        throw new RangeError(`A relative time span needs a positive whole amount, got ${String(amount)}`)
      }
      const startsAt = new Date(now.getTime())
      switch (timeSpan.time_span_unit) {
        case "days":
          return { starts_at: startsAt, ends_at: new Date(now.getTime() + amount * DAY_MS) }
        case "weeks":
          return { starts_at: startsAt, ends_at: new Date(now.getTime() + amount * 7 * DAY_MS) }
        case "months":
          return { starts_at: startsAt, ends_at: addCalendarMonths(now, amount) }
        default:
          throw new RangeError(
            `A relative time span needs a unit (days, weeks or months), got ${String(timeSpan.time_span_unit)}`
          )
      }
    }
    default:
      throw new RangeError(`Unknown time span type ${String(timeSpan.time_span_type)}`)
  }
}

/**
 * When a coupon given to a customer stops being valid (User.com "Give coupon": validity counted from assignment).
 * Null when the promotion sets no such period; the promotion's own ends_at still applies separately.
 */
export function couponExpiresAt(
  promotion: { valid_days_after_assignment?: number | null },
  assigned_at: Date
): Date | null {
  const days = promotion.valid_days_after_assignment
  if (typeof days !== "number" || days <= 0) {
    return null
  }
  return new Date(assigned_at.getTime() + days * DAY_MS)
}
