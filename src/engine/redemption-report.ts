/*
 * Redemption reports (admin stats): the day range a report covers and the daily series a chart draws. Days are UTC
 * calendar days written YYYY-MM-DD; a range holds both its ends.
 */

/** The range a stats request covers when it names none: the last 30 days, today included. */
export const DEFAULT_REPORT_DAYS = 30
/** The longest range one stats request may cover (a leap year). */
export const MAX_REPORT_DAYS = 366

const DAY_MS = 24 * 60 * 60 * 1000
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

export type ReportRange = { from: string; to: string }

/** `YYYY-MM-DD` of a real calendar day (2026-02-30 is not one), else null. */
export function parseReportDay(value: string): number | null {
  const match = DAY_PATTERN.exec(value)
  if (!match) {
    return null
  }
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return formatReportDay(ms) === value ? ms : null
}

export function formatReportDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * The range of a stats request: `to` defaults to today (UTC), `from` to 29 days before `to`. Both are validated
 * (parseReportDay) before they get here. Answers the refusal's wording when `from` is after `to` or the range is
 * longer than MAX_REPORT_DAYS.
 */
export function resolveReportRange(
  input: { from?: string; to?: string },
  now: Date
): { range: ReportRange; days: number } | { error: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const to = input.to ? parseReportDay(input.to)! : today
  const from = input.from ? parseReportDay(input.from)! : to - (DEFAULT_REPORT_DAYS - 1) * DAY_MS
  if (from > to) {
    return { error: "Field 'from' must be on or before 'to'" }
  }
  const days = Math.round((to - from) / DAY_MS) + 1
  if (days > MAX_REPORT_DAYS) {
    return { error: `The range from 'from' to 'to' must be at most ${MAX_REPORT_DAYS} days (it is ${days})` }
  }
  return { range: { from: formatReportDay(from), to: formatReportDay(to) }, days }
}

/** The instants a range covers: [from 00:00 UTC, the day after `to` 00:00 UTC). */
export function reportRangeBounds(range: ReportRange): { start: Date; end: Date } {
  return { start: new Date(parseReportDay(range.from)!), end: new Date(parseReportDay(range.to)! + DAY_MS) }
}

export type CurrencyAmount = { currency_code: string; amount: string }
export type ReportDay = { day: string; orders: number; discount: CurrencyAmount[] }

/**
 * Every day of the range, oldest first, from the days that had uses (`day`, `currency_code`, `orders`, `amount`
 * per currency). A day lists every currency in `currencies`, with "0" where it had none, so a chart's series are
 * the same on every day.
 */
export function fillReportDays(
  range: ReportRange,
  rows: { day: string; currency_code: string; orders: number; amount: string }[],
  currencies: string[]
): ReportDay[] {
  const byDay = new Map<string, Map<string, { orders: number; amount: string }>>()
  for (const row of rows) {
    const day = byDay.get(row.day) ?? new Map()
    day.set(row.currency_code, { orders: Number(row.orders), amount: row.amount })
    byDay.set(row.day, day)
  }
  const out: ReportDay[] = []
  for (let ms = parseReportDay(range.from)!, end = parseReportDay(range.to)!; ms <= end; ms += DAY_MS) {
    const day = formatReportDay(ms)
    const uses = byDay.get(day)
    let orders = 0
    for (const entry of uses?.values() ?? []) {
      orders += entry.orders
    }
    out.push({
      day,
      orders,
      discount: currencies.map((currency_code) => ({ currency_code, amount: uses?.get(currency_code)?.amount ?? "0" })),
    })
  }
  return out
}
