/*
 * What reading an uploaded code list yields, and the file structure rules both readers (CSV and XLSX) keep:
 * the codes with their spreadsheet rows, the cells that could not be read, and the problems a file can have.
 *
 * File structure rules, the same for both formats:
 *   - row 1 is the header; the column whose header is "code" (any case, surrounding spaces ignored, any
 *     position) holds the codes, other columns are ignored; two "code" columns are refused as ambiguous;
 *   - rows whose cells are all blank are skipped; a row with content but a blank code cell is a problem;
 *   - rows are numbered as a spreadsheet shows them (header = row 1, skipped blank rows still count);
 *   - an optional "expires_at" column (same header rules) gives each code its own expiry (see expiry.ts); a blank
 *     cell there leaves that code without one.
 */

export const CODE_COLUMN = "code"

export const MISSING_HEADER_MESSAGE = 'The file needs a header row with a "code" column'
export const NO_CODES_MESSAGE = "The file has no codes"
export const TWO_CODE_COLUMNS_MESSAGE = 'The file has more than one "code" column'

/**
 * Codes as read from a file, before validation. Two parallel arrays rather than one object per row: a
 * million-row import then costs two arrays instead of a million extra objects.
 */
export type ParsedCodes = {
  /** Code cells as found (not normalized), in file order; all-blank rows left out. */
  codes: string[]
  /** Spreadsheet row of each entry in `codes`. */
  rows: number[]
  /**
   * Cells that hold no text a code could be read from (an Excel date, error value or too long number).
   * They are reported, never guessed: Excel turns some codes into dates or rounds long digit strings.
   */
  unreadable: CodeProblem[]
  /**
   * Only when the file has an "expires_at" column: each code's expires_at cell as found (undefined when blank),
   * parallel to `codes`. Cells that hold no text (Excel error values) are in `unreadable` instead.
   */
  expires_at?: (string | undefined)[]
}

export type CodeProblemKind =
  /** The code breaks a code rule (see `validateCode`). */
  | "invalid"
  /** The same normalized code is on two or more rows. */
  | "duplicate"
  /** The cell cannot be read as text. */
  | "unreadable"
  /**
   * The code is already in the system. Never produced here (the engine has no database); the service adds
   * these so one message lists every reason the file was refused.
   */
  | "exists"
  /** The code's expires_at cell is not a date (see expiry.ts); `code` is then the cell as found. */
  | "invalid_expiry"

export type CodeProblem = {
  kind: CodeProblemKind
  /** The code as found in the file (normalized for duplicates and existing codes). */
  code: string
  /** Spreadsheet rows, ascending; two or more for a duplicate. */
  rows: number[]
  /** Follows the code in a sentence: `"AB" is shorter than 4 characters`. */
  reason: string
}
