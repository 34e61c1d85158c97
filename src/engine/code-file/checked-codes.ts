import { isNormalizedValidCode, normalizeCode, validateCode } from "../codes"
import type { SortedCodes } from "../sorted-codes"
import { isBlank } from "./collector"
import { parseExpiresAt } from "./expiry"
import { PackedCodes } from "./packed-codes"
import { CodeProblem } from "./parsed-codes"
import { DUPLICATE_REASON } from "./validate"

/*
 * validateParsedCodes (validate.ts) done while the file is read, for imports of files of any size: each code is
 * checked and normalized as its row arrives and kept packed (packed-codes.ts), each expires_at cell is parsed to a
 * number, and repeats are found by a radix sort of indices. The problems, their order, their wording and their count
 * are the same as validateParsedCodes gives for the same file (the unit tests hold the two to that).
 */

/** The codes of a file that passed every check, ready to load. */
export type LoadableCodes = {
  /** How many codes. */
  readonly size: number
  /** The codes ascending (what bulk loading wants, see sorted-codes.ts). */
  readonly sorted: SortedCodes
  /** Only when the file has an expires_at column: each code's expiry (ISO 8601 UTC, or null), parallel to `sorted`. */
  readonly sortedExpiresAt?: (string | null)[]
  /** Codes [from, to) in file order with their rows: only to name clashes with existing codes. */
  inFileOrder(from: number, to: number): { codes: string[]; rows: number[] }
}

export type CheckedCodes =
  | ({ ok: true } & LoadableCodes)
  | { ok: false; problems: CodeProblem[]; problemCount: number }

export class CodeChecker {
  private readonly packed: PackedCodes
  private readonly invalid: CodeProblem[] = []
  private invalidCount = 0
  private readonly expiryProblems: CodeProblem[] = []
  private expiryProblemCount = 0
  private expiries: Float64Array | null = null
  private rowsSeen = 0

  /**
   * @param capacity the row count when known (sizes the arrays once)
   * @param maxProblems problems listed at most (the rest are counted), as validateParsedCodes' option
   */
  constructor(
    private readonly capacity = 0,
    private readonly maxProblems = 1000
  ) {
    this.packed = new PackedCodes(capacity || undefined)
  }

  /** Rows handed over so far (codes and refused codes alike). */
  get count(): number {
    return this.rowsSeen
  }

  /** Called once the header shows an expires_at column. */
  withExpiry(): void {
    this.expiries ??= new Float64Array(Math.max(1, this.capacity))
  }

  /** A data row's code cell as found, its row, and its expires_at cell (undefined when blank or no such column). */
  add(raw: string, row: number, expiresAt: string | undefined): void {
    this.rowsSeen++
    let code: string | null = raw
    if (!isNormalizedValidCode(raw)) {
      const violation = validateCode(raw)
      if (violation) {
        if (this.invalidCount++ < this.maxProblems) {
          this.invalid.push({ kind: "invalid", code: raw, rows: [row], reason: violation.reason })
        }
        code = null
      } else {
        code = normalizeCode(raw)
      }
    }
    const expiry = this.expiries === null ? NaN : this.expiryOf(isBlank(expiresAt) ? undefined : expiresAt, row)
    if (code === null) {
      return
    }
    const index = this.packed.size
    this.packed.add(code, row)
    if (this.expiries !== null) {
      if (index >= this.expiries.length) {
        const grown = new Float64Array(Math.ceil(this.expiries.length * 1.5) + 1)
        grown.set(this.expiries)
        this.expiries = grown
      }
      this.expiries[index] = expiry
    }
  }

  /** The outcome, given the cells the reader could not read (`unreadable`, in row order). */
  finish(unreadable: CodeProblem[]): CheckedCodes {
    const packed = this.packed
    let order: Uint32Array | null = packed.sortedOrder()
    const duplicates = this.duplicates(order)
    const problemCount = unreadable.length + this.invalidCount + duplicates.count + this.expiryProblemCount
    if (problemCount > 0) {
      order = null
      const problems = [...unreadable, ...this.invalid, ...this.expiryProblems, ...duplicates.listed]
        .sort((a, b) => a.rows[0] - b.rows[0])
        .slice(0, this.maxProblems)
      return { ok: false, problems, problemCount }
    }
    const sorted = packed.sortedCodes(order)
    let sortedExpiresAt: (string | null)[] | undefined
    if (this.expiries !== null) {
      const expiries = this.expiries
      sortedExpiresAt = new Array<string | null>(order.length)
      for (let i = 0; i < order.length; i++) {
        const time = expiries[order[i]]
        sortedExpiresAt[i] = Number.isNaN(time) ? null : new Date(time).toISOString()
      }
      this.expiries = null
    }
    return {
      ok: true,
      size: packed.size,
      sorted,
      sortedExpiresAt,
      inFileOrder: (from, to) => {
        const end = Math.min(to, packed.size)
        const codes: string[] = []
        const rows: number[] = []
        for (let i = from; i < end; i++) {
          codes.push(packed.code(i))
          rows.push(packed.row(i))
        }
        return { codes, rows }
      },
    }
  }

  /** An expires_at cell as a time (NaN: none, or not a date, which is then a problem). */
  private expiryOf(cell: string | undefined, row: number): number {
    if (cell === undefined) {
      return NaN
    }
    const parsed = parseExpiresAt(cell)
    if (parsed.ok) {
      return parsed.value.getTime()
    }
    if (this.expiryProblemCount++ < this.maxProblems) {
      this.expiryProblems.push({ kind: "invalid_expiry", code: cell, rows: [row], reason: parsed.reason })
    }
    return NaN
  }

  /**
   * Repeated codes: runs of equal codes in sorted order. Only the `maxProblems` runs that start earliest in the file
   * can be listed, so only those become problems; the rest are counted.
   */
  private duplicates(order: Uint32Array): { count: number; listed: CodeProblem[] } {
    const packed = this.packed
    // Each run's place in `order` and its first index in the file (the smallest: the sort keeps no order among equals).
    const runStarts: number[] = []
    const runFirst: number[] = []
    for (let i = 1; i < order.length; i++) {
      if (!packed.same(order[i], order[i - 1])) {
        continue
      }
      if (i === 1 || !packed.same(order[i - 1], order[i - 2])) {
        runStarts.push(i - 1)
        runFirst.push(Math.min(order[i - 1], order[i]))
      } else {
        runFirst[runFirst.length - 1] = Math.min(runFirst[runFirst.length - 1], order[i])
      }
    }
    const listedRuns = runStarts
      .map((_, run) => run)
      .sort((a, b) => runFirst[a] - runFirst[b])
      .slice(0, this.maxProblems)
    const listed = listedRuns.map((run): CodeProblem => {
      const start = runStarts[run]
      const indices = [order[start]]
      for (let i = start + 1; i < order.length && packed.same(order[i], order[start]); i++) {
        indices.push(order[i])
      }
      const rows = indices.sort((a, b) => a - b).map((index) => packed.row(index))
      return { kind: "duplicate", code: packed.code(order[start]), rows, reason: DUPLICATE_REASON }
    })
    return { count: runStarts.length, listed }
  }
}
