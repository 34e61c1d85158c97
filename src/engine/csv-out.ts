/*
 * CSV for people to open in a spreadsheet (code exports, generated batches). RFC 4180 quoting, CRLF rows,
 * and neutralization of formula injection: a text cell starting with = + - @ (or a tab or carriage return,
 * which some spreadsheets skip before looking for those) is prefixed with `'`, so Excel shows it as text
 * instead of evaluating it (OWASP "CSV injection").
 *
 * Codes themselves never need it (they start with a letter or digit), but exports also carry customer
 * names, emails and metadata, which anyone can type.
 */

export type CsvValue = string | number | bigint | boolean | Date | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
// Semicolons are quoted too: Excel in locales with a decimal comma splits on them.
const NEEDS_QUOTES = /[",;\r\n]/

/**
 * One CSV field. Numbers, bigints, booleans and dates are data the system wrote, so a negative number stays
 * a number; only strings are neutralized. null/undefined and non-finite numbers become an empty field.
 */
export const csvCell = (value: CsvValue): string => {
  if (value === null || value === undefined) {
    return ""
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? String(value) : ""
  }
  if (typeof value === "bigint" || typeof value === "boolean") {
    return String(value)
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? "" : value.toISOString()
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One CSV record, CRLF-terminated (RFC 4180), ready to append to a file or stream. */
export const csvRow = (values: readonly CsvValue[]): string => `${values.map(csvCell).join(",")}\r\n`
