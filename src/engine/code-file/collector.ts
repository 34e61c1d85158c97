import { EngineError } from "../errors"
import {
  CODE_COLUMN,
  CodeProblem,
  MISSING_HEADER_MESSAGE,
  NO_CODES_MESSAGE,
  ParsedCodes,
  TWO_CODE_COLUMNS_MESSAGE,
} from "./parsed-codes"
import { EXPIRES_AT_COLUMN, TWO_EXPIRES_AT_COLUMNS_MESSAGE } from "./expiry"

/*
 * What the CSV and XLSX readers share: the collector they feed row by row (it keeps the file structure rules of
 * parsed-codes.ts) and the test for a blank cell.
 */

/**
 * Where collected codes can go instead of the collector's own arrays: an import checks and packs them as they come
 * (see checked-codes.ts) rather than holding a string per row.
 */
export type CodeSink = {
  /** Rows handed over so far. */
  readonly count: number
  /** The header has an expires_at column. */
  withExpiry(): void
  add(code: string, row: number, expiresAt: string | undefined): void
}

/** Collects codes row by row, the same way for both file formats. */
export class CodeCollector {
  private readonly codes: string[]
  private readonly rows: number[]
  private size = 0
  readonly unreadable: CodeProblem[] = []
  private codeColumn = -1
  private expiresColumn = -1
  // Only for a file with an expires_at column: the plain code list pays nothing for it.
  private expires: (string | undefined)[] | null = null

  /**
   * @param capacity the most rows the file can have, when known: arrays of that length from the start cost a
   * million-row file ~40 MB less peak memory than arrays grown by doubling (each growth copies the old one).
   * @param sink takes the codes instead of the collector's arrays; `finish` then returns no codes.
   */
  constructor(
    private readonly capacity = 0,
    private readonly sink: CodeSink | null = null
  ) {
    this.codes = new Array(sink ? 0 : capacity)
    this.rows = new Array(sink ? 0 : capacity)
  }

  /** How many codes were collected so far (the index the next one gets). */
  get count(): number {
    return this.sink ? this.sink.count : this.size
  }

  /** Finds the code column in row 1; `cells` are the header texts indexed like the row's cells. */
  header(cells: readonly (string | undefined)[]): void {
    const matches: number[] = []
    const expiryMatches: number[] = []
    cells.forEach((cell, index) => {
      const name = cell?.trim().toLowerCase()
      if (name === CODE_COLUMN) {
        matches.push(index)
      } else if (name === EXPIRES_AT_COLUMN) {
        expiryMatches.push(index)
      }
    })
    if (matches.length > 1) {
      throw new EngineError("file", TWO_CODE_COLUMNS_MESSAGE)
    }
    if (expiryMatches.length > 1) {
      throw new EngineError("file", TWO_EXPIRES_AT_COLUMNS_MESSAGE)
    }
    if (expiryMatches.length === 1) {
      this.expiresColumn = expiryMatches[0]
      if (this.sink) {
        this.sink.withExpiry()
      } else {
        this.expires = new Array(this.capacity)
      }
    }
    if (matches.length === 0) {
      // A blank first row leaves open whether the file is empty or headless; `finish` decides.
      if (cells.some((cell) => cell !== undefined && cell.trim() !== "")) {
        throw new EngineError("file", MISSING_HEADER_MESSAGE)
      }
      return
    }
    this.codeColumn = matches[0]
  }

  get column(): number {
    return this.codeColumn
  }

  /** The expires_at column, or -1 when the file has none. */
  get expiryColumn(): number {
    return this.expiresColumn
  }

  /**
   * A data row with content somewhere; `code` is the code cell's text ("" when blank), `expiresAt` the expires_at
   * cell's (undefined when blank or when the file has no such column).
   */
  code(code: string, row: number, expiresAt?: string): void {
    this.assertHeader()
    if (this.sink) {
      this.sink.add(code, row, expiresAt)
      return
    }
    this.codes[this.size] = code
    this.rows[this.size] = row
    if (this.expires) {
      this.expires[this.size] = isBlank(expiresAt) ? undefined : expiresAt
    }
    this.size++
  }

  unreadableCell(display: string, reason: string, row: number): void {
    this.assertHeader()
    this.unreadable.push({ kind: "unreadable", code: display, rows: [row], reason })
  }

  /** An expires_at cell that holds no text a date could be read from (an Excel error value, a date with a time). */
  unreadableExpiry(display: string, reason: string, row: number): void {
    this.assertHeader()
    this.unreadable.push({ kind: "invalid_expiry", code: display, rows: [row], reason })
  }

  /** Takes back codes that turned out not to be codes (by index into `codes`). */
  dropCodes(indexes: ReadonlySet<number>): void {
    if (indexes.size === 0) {
      return
    }
    let kept = 0
    for (let i = 0; i < this.size; i++) {
      if (!indexes.has(i)) {
        this.codes[kept] = this.codes[i]
        this.rows[kept] = this.rows[i]
        if (this.expires) {
          this.expires[kept] = this.expires[i]
        }
        kept++
      }
    }
    this.size = kept
  }

  finish(): ParsedCodes {
    this.codes.length = this.size
    this.rows.length = this.size
    if (this.count === 0 && this.unreadable.length === 0) {
      throw new EngineError("file", NO_CODES_MESSAGE)
    }
    // Cells judged after the sheet was read (late styles) join at the end; keep the list in row order.
    this.unreadable.sort((a, b) => a.rows[0] - b.rows[0])
    if (this.expires) {
      this.expires.length = this.size
      return { codes: this.codes, rows: this.rows, unreadable: this.unreadable, expires_at: this.expires }
    }
    return { codes: this.codes, rows: this.rows, unreadable: this.unreadable }
  }

  private assertHeader(): void {
    if (this.codeColumn < 0) {
      throw new EngineError("file", MISSING_HEADER_MESSAGE)
    }
  }
}

/** True for a missing cell or one holding only whitespace. */
export const isBlank = (text: string | undefined): boolean => {
  if (text === undefined || text.length === 0) {
    return true
  }
  // Only a string starting with whitespace can be all whitespace; skipping trim() for the rest is the hot path.
  const first = text.charCodeAt(0)
  return (first <= 32 || first === 0xa0 || first >= 0x1680) && text.trim() === ""
}
