/*
 * Per-code expiry: the optional "expires_at" column of an import file, and the date an admin extends a batch or a
 * promotion to. One rule for both: an ISO 8601 date, meaning the end of that day in UTC (23:59:59.999), or an ISO 8601
 * date-time with a time zone (Z or an offset). A date-time without a zone is refused rather than read in the server's
 * zone: the same file would mean different instants on differently configured servers.
 */

export const EXPIRES_AT_COLUMN = "expires_at"
export const TWO_EXPIRES_AT_COLUMNS_MESSAGE = 'The file has more than one "expires_at" column'

/** Why a value is not an expiry; an import file's problem and the admin API's 400 both say it. */
export const EXPIRY_DETAILS = {
  format: "use ISO 8601, e.g. 2025-12-31 (the end of that day, UTC) or 2025-12-31T18:00:00Z",
  no_zone: "a date-time needs a time zone, e.g. 2025-12-31T18:00:00Z or 2025-12-31T18:00:00+02:00",
  no_such_day: "there is no such day",
  no_such_time: "there is no such time of day",
  out_of_range: "the year must be between 1 and 9999",
  excel_time: "Excel dates with a time carry no time zone; type the date-time as text, e.g. 2025-12-31T18:00:00Z",
  excel_error: "it is an Excel error value",
  excel_formula: "it is a formula without a calculated value",
} as const
type ExpiryProblem = keyof typeof EXPIRY_DETAILS

/** Each reason follows the quoted value in a sentence: `row 3: "31/12/2025" is not an expires_at date: …`. */
export const EXPIRY_REASONS = Object.fromEntries(
  Object.entries(EXPIRY_DETAILS).map(([problem, detail]) => [problem, `is not an expires_at date: ${detail}`])
) as { [K in ExpiryProblem]: string }

/** The admin API's refusal of an expiry it was given: `Field 'expires_at' is not a date: …`. */
export const expiryFieldMessage = (detail: string) => `Field 'expires_at' is not a date: ${detail}`

export type ExpiryParse = { ok: true; value: Date } | { ok: false; reason: string; detail: string }

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i
const LAST_MS_OF_DAY = ((23 * 60 + 59) * 60 + 59) * 1000 + 999

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
const daysIn = (year: number, month: number) => (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1])

const utcDay = (year: number, month: number, day: number): number | null => {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return null
  }
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime()
}

const MIN_TIME = utcDay(1, 1, 1)!
const MAX_TIME = utcDay(9999, 12, 31)! + LAST_MS_OF_DAY

/**
 * Reads an expiry as typed (surrounding spaces ignored): `2025-12-31` is 2025-12-31T23:59:59.999Z;
 * `2025-12-31T18:00Z`, `2025-12-31T18:00:00.5+02:00`, `…+0200` and `…+02` are that instant (fractions past
 * milliseconds are dropped). Anything else gets the reason it is refused (see EXPIRY_REASONS).
 */
export const parseExpiresAt = (raw: string): ExpiryParse => {
  const text = raw.trim()
  const date = DATE.exec(text)
  if (date) {
    const day = utcDay(+date[1], +date[2], +date[3])
    return day === null ? refused("no_such_day") : { ok: true, value: new Date(day + LAST_MS_OF_DAY) }
  }
  const dateTime = DATE_TIME.exec(text)
  if (!dateTime) {
    return refused("format")
  }
  const [, year, month, dayOfMonth, hours, minutes, seconds = "0", fraction = "", zone] = dateTime
  const day = utcDay(+year, +month, +dayOfMonth)
  if (day === null) {
    return refused("no_such_day")
  }
  if (+hours > 23 || +minutes > 59 || +seconds > 59) {
    return refused("no_such_time")
  }
  if (!zone) {
    return refused("no_zone")
  }
  let offsetMinutes = 0
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "")
    const offsetHours = +digits.slice(0, 2)
    const offsetRest = digits.length > 2 ? +digits.slice(2, 4) : 0
    if (offsetHours > 23 || offsetRest > 59) {
      return refused("no_such_time")
    }
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (offsetHours * 60 + offsetRest)
  }
  const ms = +(fraction + "000").slice(0, 3)
  const time = day + ((+hours * 60 + +minutes - offsetMinutes) * 60 + +seconds) * 1000 + ms
  if (time < MIN_TIME || time > MAX_TIME) {
    return refused("out_of_range")
  }
  return { ok: true, value: new Date(time) }
}

const refused = (problem: ExpiryProblem): ExpiryParse => ({
  ok: false,
  reason: EXPIRY_REASONS[problem],
  detail: EXPIRY_DETAILS[problem],
})

/**
 * The codes of a file sorted ascending (bulk loading wants them so, see sorted-codes.ts), each with its expiry. Only
 * files with an expires_at column come here: an index sort, slower than the plain string sort other files get.
 */
export const sortCodesWithExpiry = (
  codes: readonly string[],
  expiresAt: readonly (string | null)[]
): { sorted: string[]; sorted_expires_at: (string | null)[] } => {
  const order = new Uint32Array(codes.length)
  let size = 0
  for (let i = 0; i < codes.length; i++) {
    // "" marks an entry that is not a code (see validateParsedCodes): it is not loaded.
    if (codes[i] !== "") {
      order[size++] = i
    }
  }
  const kept = order.subarray(0, size).sort((a, b) => (codes[a] < codes[b] ? -1 : codes[a] > codes[b] ? 1 : 0))
  const sorted = new Array<string>(size)
  const sorted_expires_at = new Array<string | null>(size)
  for (let i = 0; i < size; i++) {
    sorted[i] = codes[kept[i]]
    sorted_expires_at[i] = expiresAt[kept[i]] ?? null
  }
  return { sorted, sorted_expires_at }
}
