import { parse as parseCsv, CsvError } from "csv-parse"
import type ExcelJS from "exceljs"
import { EngineError } from "./errors"
import { isNormalizedValidCode, normalizeCode, validateCode } from "./codes"
import {
  cellTooLongError,
  checkCsvLine,
  ImportLimits,
  maxCsvRowBytes,
  resolveImportLimits,
  rowTooLongError,
  tooManyRowsError,
} from "./code-file-limits"
import { readFirstWorksheet, XlsxValue } from "./xlsx-reader"

/*
 * Uploaded code lists (CSV or XLSX) for an import batch. Validation is all-or-nothing: a file with a single
 * bad or repeated code is refused whole, with a message naming the offending rows, so an import never
 * leaves half a list behind.
 *
 * File structure rules, the same for both formats:
 *   - row 1 is the header; the column whose header is "code" (any case, surrounding spaces ignored, any
 *     position) holds the codes, other columns are ignored; two "code" columns are refused as ambiguous;
 *   - rows whose cells are all blank are skipped; a row with content but a blank code cell is a problem;
 *   - rows are numbered as a spreadsheet shows them (header = row 1, skipped blank rows still count).
 */

export const CODE_COLUMN = "code"
/** The downloadable CSV template: the header row alone. */
export const CODES_CSV_TEMPLATE = "code\r\n"
export const CODES_XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
export const CODES_CSV_CONTENT_TYPE = "text/csv"

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

export type CodeProblem = {
  kind: CodeProblemKind
  /** The code as found in the file (normalized for duplicates and existing codes). */
  code: string
  /** Spreadsheet rows, ascending; two or more for a duplicate. */
  rows: number[]
  /** Follows the code in a sentence: `"AB" is shorter than 4 characters`. */
  reason: string
}

export type CodeFileCheck =
  | {
      ok: true
      /** Normalized codes, file order, all different. */
      codes: string[]
      /** Spreadsheet row of each code. */
      rows: number[]
      /** The same codes in ascending byte order: what bulk loading wants (see sorted-codes.ts). */
      sorted: string[]
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
 * Checks every code of a parsed file: code rules, then repeats after normalization (`ab12` and ` AB12 `
 * are the same code). Invalid codes are not also reported as duplicates.
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
  const sorted = sortedValidCodes(checked, invalidCount > 0)
  let repeated: Set<string> | undefined
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      repeated ??= new Set()
      repeated.add(sorted[i])
    }
  }
  const duplicates = repeated ? collectDuplicates(checked, rows, repeated) : []
  const problemCount = unreadable.length + invalidCount + duplicates.length
  if (problemCount === 0) {
    return { ok: true, codes: checked, rows, sorted }
  }
  const problems = [...unreadable, ...invalid, ...duplicates]
    .sort((a, b) => a.rows[0] - b.rows[0])
    .slice(0, maxProblems)
  return { ok: false, problems, problemCount }
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

const DISPLAYED_CODE_LENGTH = 40
const DISPLAYED_ROWS = 5

/**
 * One message for refusing a file: the first `limit` problems with their rows, then how many more.
 * e.g. `The file has 3 problems: row 2: "AB" is shorter than 4 characters; rows 7 and 12: "SALE-1" is in
 * the file more than once; row 9: "X Y" contains a space; ...`
 * @param total all problems found when `problems` is only the first of them (`problemCount` of a check).
 */
export const describeProblems = (problems: CodeProblem[], limit = 20, total = problems.length): string => {
  const count = Math.max(total, problems.length)
  const shown = problems.slice(0, Math.max(0, limit))
  const parts = shown.map((problem) => `${describeRows(problem.rows)}: ${quoteCode(problem.code)} ${problem.reason}`)
  const rest = count - shown.length
  if (rest > 0) {
    parts.push(`and ${rest.toLocaleString("en-US")} more`)
  }
  const head = `The file has ${count.toLocaleString("en-US")} ${count === 1 ? "problem" : "problems"}`
  return parts.length ? `${head}: ${parts.join("; ")}` : head
}

const describeRows = (rows: number[]): string => {
  const formatted = rows.slice(0, DISPLAYED_ROWS).map((row) => row.toLocaleString("en-US"))
  if (rows.length === 1) {
    return `row ${formatted[0]}`
  }
  if (rows.length > DISPLAYED_ROWS) {
    return `rows ${formatted.join(", ")} and ${(rows.length - DISPLAYED_ROWS).toLocaleString("en-US")} more`
  }
  return `rows ${formatted.slice(0, -1).join(", ")} and ${formatted[formatted.length - 1]}`
}

const quoteCode = (code: string): string => {
  const shown = code.length > DISPLAYED_CODE_LENGTH ? `${code.slice(0, DISPLAYED_CODE_LENGTH)}…` : code
  // JSON quoting escapes quotes and control characters, so the message stays one readable line.
  return JSON.stringify(shown)
}

/** Collects codes row by row, the same way for both file formats. */
class CodeCollector {
  private readonly codes: string[]
  private readonly rows: number[]
  private size = 0
  readonly unreadable: CodeProblem[] = []
  private codeColumn = -1

  /**
   * @param capacity the most rows the file can have, when known: arrays of that length from the start cost a
   * million-row file ~40 MB less peak memory than arrays grown by doubling (each growth copies the old one).
   */
  constructor(capacity = 0) {
    this.codes = new Array(capacity)
    this.rows = new Array(capacity)
  }

  /** How many codes were collected so far (the index the next one gets). */
  get count(): number {
    return this.size
  }

  /** Finds the code column in row 1; `cells` are the header texts indexed like the row's cells. */
  header(cells: readonly (string | undefined)[]): void {
    const matches: number[] = []
    cells.forEach((cell, index) => {
      if (cell !== undefined && cell.trim().toLowerCase() === CODE_COLUMN) {
        matches.push(index)
      }
    })
    if (matches.length > 1) {
      throw new EngineError("file", TWO_CODE_COLUMNS_MESSAGE)
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

  /** A data row with content somewhere; `code` is the code cell's text ("" when blank). */
  code(code: string, row: number): void {
    this.assertHeader()
    this.codes[this.size] = code
    this.rows[this.size] = row
    this.size++
  }

  unreadableCell(display: string, reason: string, row: number): void {
    this.assertHeader()
    this.unreadable.push({ kind: "unreadable", code: display, rows: [row], reason })
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
        kept++
      }
    }
    this.size = kept
  }

  finish(): ParsedCodes {
    this.codes.length = this.size
    this.rows.length = this.size
    if (this.size === 0 && this.unreadable.length === 0) {
      throw new EngineError("file", NO_CODES_MESSAGE)
    }
    // Cells judged after the sheet was read (late styles) join at the end; keep the list in row order.
    this.unreadable.sort((a, b) => a.rows[0] - b.rows[0])
    return { codes: this.codes, rows: this.rows, unreadable: this.unreadable }
  }

  private assertHeader(): void {
    if (this.codeColumn < 0) {
      throw new EngineError("file", MISSING_HEADER_MESSAGE)
    }
  }
}

const isBlank = (text: string | undefined): boolean => {
  if (text === undefined || text.length === 0) {
    return true
  }
  // Only a string starting with whitespace can be all whitespace; skipping trim() for the rest is the hot path.
  const first = text.charCodeAt(0)
  return (first <= 32 || first === 0xa0 || first >= 0x1680) && text.trim() === ""
}

const UTF16LE_BOM = Buffer.from([0xff, 0xfe])
const CSV_CHUNK_SIZE = 1 << 20
// Excel's way of keeping leading zeros in a CSV: ="00123".
const EXCEL_TEXT_FORMULA = /^="(.*)"$/s

/**
 * Reads a CSV code list. Handles a UTF-8 BOM, UTF-16 ("Unicode text" from Excel), CRLF/LF/CR line ends,
 * quoted values and Excel's `="00123"` text cells. The delimiter (comma, semicolon or tab) is taken from
 * the header line, because Excel writes semicolons where the decimal separator is a comma.
 *
 * A file without a single quote character (what code lists and our own exports are) is split directly, see
 * `parseUnquotedCsv`; any other goes through csv-parse's streaming parser (its sync API keeps an array per record,
 * which for a million rows costs seconds and a few hundred MB).
 * Both readers keep to `limits` (rows, cell length, row length) as they go, before the excess is held.
 * @throws EngineError on `file` for a missing header, no codes, a crossed import limit or unreadable CSV.
 */
export const parseCodesCsv = async (
  buffer: Buffer,
  {
    reader = "auto",
    limits,
  }: {
    /** "csv-parse" skips the quote-free fast path (tests compare the two). */
    reader?: "auto" | "csv-parse"
    limits?: Partial<ImportLimits>
  } = {}
): Promise<ParsedCodes> => {
  const resolved = resolveImportLimits(limits)
  const input = buffer.subarray(0, 2).equals(UTF16LE_BOM)
    ? Buffer.from(buffer.toString("utf16le", 2), "utf8")
    : buffer
  const delimiter = detectDelimiter(input)
  if (reader === "auto" && !input.includes(QUOTE)) {
    return parseUnquotedCsv(input, delimiter, resolved)
  }
  const collector = new CodeCollector()
  let row = 0

  const onRecord = (record: string[]): void => {
    row++
    if (row > resolved.maxRows) {
      throw tooManyRowsError(resolved)
    }
    for (const cell of record) {
      if (cell.length > resolved.maxCellChars) {
        throw cellTooLongError(resolved, row)
      }
    }
    if (row === 1) {
      collector.header(record)
      return
    }
    const column = collector.column
    const cell = column >= 0 ? record[column] : undefined
    if (isBlank(cell) && record.every(isBlank)) {
      return
    }
    const code = cell === undefined ? "" : cell
    const excelText = code.includes("=") ? EXCEL_TEXT_FORMULA.exec(code.trim()) : null
    collector.code(excelText ? excelText[1] : code, row)
  }

  await new Promise<void>((resolve, reject) => {
    const parser = parseCsv({
      bom: true,
      delimiter,
      relax_column_count: true,
      // A stray quote inside a value is kept and then reported as a bad character, not a parse failure.
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: maxCsvRowBytes(resolved),
    })
    let failed = false
    const fail = (error: unknown) => {
      if (failed) {
        return
      }
      failed = true
      parser.destroy()
      reject(error instanceof CsvError ? csvErrorOf(error, resolved) : error)
    }
    parser.on("data", (record: string[]) => {
      if (failed) {
        return
      }
      try {
        onRecord(record)
      } catch (error) {
        fail(error)
      }
    })
    parser.on("error", fail)
    parser.on("end", () => {
      if (!failed) {
        resolve()
      }
    })

    let offset = 0
    const write = (): void => {
      while (!failed && offset < input.length) {
        const chunk = input.subarray(offset, offset + CSV_CHUNK_SIZE)
        offset += chunk.length
        if (!parser.write(chunk)) {
          parser.once("drain", write)
          return
        }
      }
      if (!failed) {
        parser.end()
      }
    }
    write()
  })

  return collector.finish()
}

/** csv-parse's refusal as the file's error: an over-long record is the row limit (or one over-long cell). */
const csvErrorOf = (error: CsvError, limits: ImportLimits): EngineError => {
  if (error.code === "CSV_MAX_RECORD_SIZE") {
    // csv-parse adds its position to the error: records read so far, cells finished in this one.
    const { records = 0, column = 0 } = error as CsvError & { records?: number; column?: number }
    // No finished cell in the record yet: the one being read is past the row limit, so past the cell limit too.
    return column === 0 ? cellTooLongError(limits, records + 1) : rowTooLongError(limits, records + 1)
  }
  return new EngineError("file", `The CSV file could not be read: ${error.message}`)
}

const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

/**
 * The line end csv-parse would settle on: the first one in the file (CRLF, LF or a lone CR), used for every
 * line after it. Null when the file is one line.
 */
const firstLineEnd = (input: Buffer, from: number): Buffer | null => {
  for (let i = from; i < input.length; i++) {
    if (input[i] === LF) {
      return Buffer.from([LF])
    }
    if (input[i] === CR) {
      return input[i + 1] === LF ? Buffer.from([CR, LF]) : Buffer.from([CR])
    }
  }
  return null
}

/**
 * CSV without quotes, read the way csv-parse reads it with the options above (BOM dropped, one line end for the
 * whole file, cells split on the delimiter, ragged rows allowed, no trimming), without its per-character state
 * machine and without an array per record: a million-row code list in a fraction of the time and memory. Only the
 * code cell of each row becomes a string; the other cells are only looked at when the code cell is blank.
 * The unit tests hold both readers to the same results on quote-free files.
 */
const parseUnquotedCsv = (input: Buffer, delimiter: string, limits: ImportLimits): ParsedCodes => {
  const separator = delimiter.charCodeAt(0)
  const start = input.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0
  const lineEnd = firstLineEnd(input, start)
  const lineEndLength = lineEnd?.length ?? 0
  // Counted before anything is allocated: the arrays below are sized by it.
  const rows = lineEnd
    ? countOf(input, lineEnd, start, limits.maxRows) +
      (input.subarray(input.length - lineEnd.length).equals(lineEnd) ? 0 : 1)
    : 1
  if (rows > limits.maxRows) {
    throw tooManyRowsError(limits)
  }
  const collector = new CodeCollector(rows)

  // Cells of the line [from, to), as strings: only the header line and rows with a blank code cell need them all.
  const cellsOf = (from: number, to: number): string[] => {
    const cells: string[] = []
    let cellStart = from
    for (let i = from; i <= to; i++) {
      if (i === to || input[i] === separator) {
        cells.push(input.toString("utf8", cellStart, i))
        cellStart = i + 1
      }
    }
    return cells
  }

  let row = 0
  let at = start
  while (at < input.length) {
    let end = lineEnd ? input.indexOf(lineEnd, at) : -1
    if (end === -1) {
      end = input.length
    }
    row++
    checkCsvLine(input, at, end, separator, row, limits)
    if (row === 1) {
      collector.header(cellsOf(at, end))
    } else {
      readUnquotedRow(input, at, end, separator, row, collector, cellsOf)
    }
    at = end + lineEndLength
    // A lone CR file has no LF to step over, and a last line without a line end leaves `at` past the end.
    if (lineEndLength === 0) {
      break
    }
  }
  return collector.finish()
}

/** Occurrences of `needle` from `from`, counting no further than `upTo` (a file past the row limit stops there). */
const countOf = (input: Buffer, needle: Buffer, from: number, upTo = Infinity): number => {
  let count = 0
  for (let at = input.indexOf(needle, from); at !== -1 && count <= upTo; at = input.indexOf(needle, at + needle.length)) {
    count++
  }
  return count
}

const readUnquotedRow = (
  input: Buffer,
  from: number,
  to: number,
  separator: number,
  row: number,
  collector: CodeCollector,
  cellsOf: (from: number, to: number) => string[]
): void => {
  const column = collector.column
  let cellStart = from
  let cellEnd = -1
  let index = 0
  if (column >= 0) {
    for (let i = from; i <= to; i++) {
      if (i === to || input[i] === separator) {
        if (index === column) {
          cellEnd = i
          break
        }
        index++
        cellStart = i + 1
      }
    }
  }
  const cell = cellEnd >= 0 ? input.toString("utf8", cellStart, cellEnd) : undefined
  if (isBlank(cell) && cellsOf(from, to).every(isBlank)) {
    return
  }
  collector.code(cell === undefined ? "" : cell, row)
}

const detectDelimiter = (input: Buffer): string => {
  const head = input.toString("utf8", 0, Math.min(input.length, 64 * 1024))
  // Quoted header cells may contain any delimiter; only the ones between cells count.
  const firstLine = head.split(/\r|\n/, 1)[0].replace(/"[^"]*"/g, "")
  let best = ","
  let bestCount = 0
  for (const candidate of [",", ";", "\t"]) {
    const count = firstLine.split(candidate).length - 1
    if (count > bestCount) {
      best = candidate
      bestCount = count
    }
  }
  return best
}

/**
 * exceljs is loaded on first use: it costs ~0.5 s and ~25 MB, and the engine is also imported by code that
 * never touches a workbook (checkout, store routes). Only the template is written with it; imports are read by
 * xlsx-reader.ts, which keeps to the import limits and never writes temporary files.
 */
const loadExcelJS = async (): Promise<typeof ExcelJS> => (await import("exceljs")).default

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])
const NOT_XLSX_MESSAGE = "The file is not an Excel workbook (.xlsx); save it as .xlsx or CSV"

const DATE_REASON = 'is a date, not text; format the "code" column as Text and type the codes again'

/**
 * Reads the first worksheet (in tab order) of an XLSX code list, within `limits`. Numbers become their digits, rich
 * text and formula results their text; dates, error values and numbers too long for Excel to keep exactly are
 * reported as unreadable rather than turned into codes.
 * @throws EngineError on `file` for a missing header, no codes, a crossed import limit, or a file that is not a
 * readable .xlsx workbook.
 */
export const parseCodesXlsx = async (buffer: Buffer, limits?: Partial<ImportLimits>): Promise<ParsedCodes> => {
  if (!buffer.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    throw new EngineError("file", NOT_XLSX_MESSAGE)
  }
  const collector = new CodeCollector()
  // Only whether each header cell names the code column, is blank, or holds something else matters: the header row
  // keeps one short mark per cell rather than its texts.
  let header: (string | undefined)[] | null = null
  let row = 0
  let code: XlsxValue | undefined
  let othersFilled = false
  try {
    await readFirstWorksheet(buffer, resolveImportLimits(limits), {
      row: (number) => {
        row = number
        code = undefined
        othersFilled = false
        header = number === 1 ? [] : null
      },
      cell: (column, value) => {
        if (header) {
          const text = cellText(value)
          header[column] =
            typeof text !== "string" ? undefined : text.trim().toLowerCase() === CODE_COLUMN ? CODE_COLUMN : isBlank(text) ? "" : "x"
        } else if (column === collector.column) {
          code = value
        } else if (!othersFilled) {
          othersFilled = !isBlankValue(value)
        }
      },
      endRow: () => {
        if (header) {
          collector.header(header)
          header = null
          return
        }
        const text = cellText(code)
        if (typeof text !== "string") {
          collector.unreadableCell(text.display, text.reason, row)
        } else if (!isBlank(text) || othersFilled) {
          collector.code(text, row)
        }
      },
    })
  } catch (error) {
    if (error instanceof EngineError) {
      throw error
    }
    const detail = error instanceof Error ? error.message : String(error)
    throw new EngineError("file", `The Excel file could not be read; it may be damaged (${detail})`)
  }
  return collector.finish()
}

type UnreadableCell = { display: string; reason: string }

// Excel keeps 15 significant digits; a longer number typed into a General cell has already been rounded.
const LARGEST_EXACT_EXCEL_NUMBER = 1e15

/** The text a spreadsheet cell holds, or why it holds none a code could come from. */
const cellText = (value: XlsxValue | undefined): string | UnreadableCell => {
  if (value === undefined) {
    return ""
  }
  if (typeof value === "string") {
    return value
  }
  if (typeof value === "number") {
    return numberText(value)
  }
  if (typeof value === "boolean") {
    return value ? "TRUE" : "FALSE"
  }
  if ("date" in value) {
    return { display: value.date, reason: DATE_REASON }
  }
  if ("error" in value) {
    return { display: value.error, reason: "is an Excel error value" }
  }
  return {
    display: value.formula ? `=${value.formula}` : "formula",
    reason: "is a formula without a calculated value",
  }
}

const numberText = (value: number): string | UnreadableCell => {
  if (!Number.isFinite(value)) {
    return { display: String(value), reason: "is an Excel error value" }
  }
  if (Math.abs(value) >= LARGEST_EXACT_EXCEL_NUMBER) {
    return {
      display: Number.isInteger(value) ? BigInt(value).toString() : String(value),
      reason: 'is a number too long for Excel to keep exactly; format the "code" column as Text and type the codes again',
    }
  }
  return String(value)
}

const isBlankValue = (value: XlsxValue): boolean => {
  const text = cellText(value)
  return typeof text === "string" && isBlank(text)
}

/**
 * The downloadable XLSX template: one "Codes" sheet with the "code" header and no rows. The code column is
 * formatted as Text so Excel keeps codes like `00123` or `12E4` exactly as typed.
 */
export const buildCodesXlsxTemplate = async (): Promise<Buffer> => {
  const { Workbook } = await loadExcelJS()
  const workbook = new Workbook()
  workbook.creator = "Coupon batches"
  const sheet = workbook.addWorksheet("Codes", { views: [{ state: "frozen", ySplit: 1 }] })
  sheet.columns = [{ header: CODE_COLUMN, key: CODE_COLUMN, width: 28, style: { numFmt: "@" } }]
  sheet.getRow(1).font = { bold: true }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export type CodeFileFormat = "csv" | "xlsx"

/**
 * Which reader a file needs, by content first (a renamed file still works), then by name. Old binary
 * .xls workbooks are refused with advice rather than read as garbage CSV.
 * @throws EngineError on `file` for .xls workbooks.
 */
export const detectCodeFileFormat = (buffer: Buffer, fileName?: string): CodeFileFormat => {
  if (buffer.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    return "xlsx"
  }
  if (buffer.subarray(0, 4).equals(OLE_SIGNATURE) || /\.xls$/i.test(fileName ?? "")) {
    throw new EngineError("file", "Old Excel workbooks (.xls) are not supported; save the file as .xlsx or CSV")
  }
  if (/\.xlsx$/i.test(fileName ?? "")) {
    throw new EngineError("file", NOT_XLSX_MESSAGE)
  }
  return "csv"
}

/** Parses an uploaded code list in whichever format it is (see `detectCodeFileFormat`), within `limits`. */
export const parseCodesFile = async (
  buffer: Buffer,
  fileName?: string,
  limits?: Partial<ImportLimits>
): Promise<ParsedCodes & { format: CodeFileFormat }> => {
  const format = detectCodeFileFormat(buffer, fileName)
  const parsed = format === "xlsx" ? await parseCodesXlsx(buffer, limits) : await parseCodesCsv(buffer, { limits })
  return { ...parsed, format }
}
