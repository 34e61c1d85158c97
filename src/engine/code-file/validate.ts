import { EngineError } from "../errors"
import { isNormalizedValidCode, normalizeCode, validateCode } from "../codes"
import { CodeProblem, NO_CODES_MESSAGE, ParsedCodes } from "./parsed-codes"
import { parseExpiresAt, sortCodesWithExpiry } from "./expiry"

/*
 * All-or-nothing validation of a parsed code list: every code against the code rules, then repeats after
 * normalization; the result is the list ready to load, or the problems that refuse the whole file.
 */

export type CodeFileCheck =
  | {
      ok: true
      /** Normalized codes, file order, all different. */
      codes: string[]
      /** Spreadsheet row of each code. */
      rows: number[]
      /** The same codes in ascending byte order: what bulk loading wants (see sorted-codes.ts). */
      sorted: string[]
      /**
       * Only when the file has an expires_at column: each code's expiry as ISO 8601 UTC text (null: none), parallel
       * to `codes`, and the same parallel to `sorted`.
       */
      expires_at?: (string | null)[]
      sorted_expires_at?: (string | null)[]
    }
  | {
      ok: false
      /** The first problems by row (at most `maxProblems`). */
      problems: CodeProblem[]
      /** All problems found, including those not listed. */
      problemCount: number
    }

export const DUPLICATE_REASON = "is in the file more than once"
const DEFAULT_MAX_PROBLEMS = 1000

/**
 * Checks every code of a parsed file: code rules, each expires_at cell when the file has that column (see
 * expiry.ts), then repeats after normalization (`ab12` and ` AB12 ` are the same code). Invalid codes are not also
 * reported as duplicates.
 * Repeats are found by sorting, not with a Set: the sorted list is needed anyway to load the codes, and a Set of a
 * million strings costs more memory than the strings themselves.
 * @throws EngineError on `file` when there is not a single code.
 */
export const validateParsedCodes = (
  parsed: ParsedCodes,
  { maxProblems = DEFAULT_MAX_PROBLEMS }: { maxProblems?: number } = {}
): CodeFileCheck => {
  const { codes, rows, unreadable } = parsed
  if (codes.length === 0 && unreadable.length === 0) {
    throw new EngineError("file", NO_CODES_MESSAGE)
  }

  // Files usually hold stored-form codes already; the input array is then the result and is not copied.
  let normalized: string[] | undefined
  const invalid: CodeProblem[] = []
  let invalidCount = 0
  for (let i = 0; i < codes.length; i++) {
    const raw = codes[i]
    if (isNormalizedValidCode(raw)) {
      if (normalized) {
        normalized[i] = raw
      }
      continue
    }
    const violation = validateCode(raw)
    if (violation) {
      // Rows come in ascending order, so the first `maxProblems` invalid rows are the ones that can show.
      if (invalidCount++ < maxProblems) {
        invalid.push({ kind: "invalid", code: raw, rows: [rows[i]], reason: violation.reason })
      }
      // Marks the entry as not a code (it is left out of the repeat check); never a valid code.
      normalized ??= codes.slice(0, i)
      normalized[i] = ""
      continue
    }
    normalized ??= codes.slice(0, i)
    normalized[i] = normalizeCode(raw)
  }

  const checked = normalized ?? codes
  const expiry = parsed.expires_at ? checkExpiries(parsed.expires_at, rows, maxProblems) : undefined
  const withExpiry = expiry ? sortCodesWithExpiry(checked, expiry.values) : undefined
  const sorted = withExpiry ? withExpiry.sorted : sortedValidCodes(checked, invalidCount > 0)
  let repeated: Set<string> | undefined
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      repeated ??= new Set()
      repeated.add(sorted[i])
    }
  }
  const duplicates = repeated ? collectDuplicates(checked, rows, repeated) : []
  const problemCount = unreadable.length + invalidCount + duplicates.length + (expiry?.problemCount ?? 0)
  if (problemCount === 0) {
    return withExpiry
      ? { ok: true, codes: checked, rows, sorted, expires_at: expiry!.values, sorted_expires_at: withExpiry.sorted_expires_at }
      : { ok: true, codes: checked, rows, sorted }
  }
  const problems = [...unreadable, ...invalid, ...(expiry?.problems ?? []), ...duplicates]
    .sort((a, b) => a.rows[0] - b.rows[0])
    .slice(0, maxProblems)
  return { ok: false, problems, problemCount }
}

/** Each expires_at cell read (blank: no expiry) as ISO 8601 UTC text, or the problems of those that are not dates. */
const checkExpiries = (cells: (string | undefined)[], rows: number[], maxProblems: number) => {
  const values = new Array<string | null>(cells.length)
  const problems: CodeProblem[] = []
  let problemCount = 0
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]
    if (cell === undefined) {
      values[i] = null
      continue
    }
    const parsed = parseExpiresAt(cell)
    if (parsed.ok) {
      values[i] = parsed.value.toISOString()
    } else {
      values[i] = null
      if (problemCount++ < maxProblems) {
        problems.push({ kind: "invalid_expiry", code: cell, rows: [rows[i]], reason: parsed.reason })
      }
    }
  }
  return { values, problems, problemCount }
}

/** Ascending byte order (the default sort, for ASCII codes), without the "" marks of invalid entries. */
const sortedValidCodes = (checked: string[], hasInvalid: boolean): string[] => {
  const sorted = hasInvalid ? checked.filter((code) => code !== "") : checked.slice()
  return sorted.sort()
}

// A second pass, only when there are repeats: a clean file never needs a map from codes to their rows.
const collectDuplicates = (normalized: string[], rows: number[], repeated: Set<string>): CodeProblem[] => {
  const byCode = new Map<string, CodeProblem>()
  for (let i = 0; i < normalized.length; i++) {
    const code = normalized[i]
    if (!repeated.has(code)) {
      continue
    }
    const problem = byCode.get(code)
    if (problem) {
      problem.rows.push(rows[i])
    } else {
      byCode.set(code, { kind: "duplicate", code, rows: [rows[i]], reason: DUPLICATE_REASON })
    }
  }
  return Array.from(byCode.values())
}
