import { Readable } from "stream"
import { parse as parseCsv, CsvError } from "csv-parse"
import type ExcelJS from "exceljs"
import { EngineError } from "./errors"
import { isNormalizedValidCode, normalizeCode, validateCode } from "./codes"

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
 * @throws EngineError on `file` for a missing header, no codes or unreadable CSV.
 */
export const parseCodesCsv = async (
  buffer: Buffer,
  { reader = "auto" }: { /** "csv-parse" skips the quote-free fast path (tests compare the two). */ reader?: "auto" | "csv-parse" } = {}
): Promise<ParsedCodes> => {
  const input = buffer.subarray(0, 2).equals(UTF16LE_BOM)
    ? Buffer.from(buffer.toString("utf16le", 2), "utf8")
    : buffer
  const delimiter = detectDelimiter(input)
  if (reader === "auto" && !input.includes(QUOTE)) {
    return parseUnquotedCsv(input, delimiter)
  }
  const collector = new CodeCollector()
  let row = 0

  const onRecord = (record: string[]): void => {
    row++
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
    })
    let failed = false
    const fail = (error: unknown) => {
      if (failed) {
        return
      }
      failed = true
      parser.destroy()
      reject(
        error instanceof CsvError
          ? new EngineError("file", `The CSV file could not be read: ${error.message}`)
          : error
      )
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
const parseUnquotedCsv = (input: Buffer, delimiter: string): ParsedCodes => {
  const separator = delimiter.charCodeAt(0)
  const start = input.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0
  const lineEnd = firstLineEnd(input, start)
  const lineEndLength = lineEnd?.length ?? 0
  const collector = new CodeCollector(lineEnd ? countOf(input, lineEnd, start) + 1 : 1)

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

const countOf = (input: Buffer, needle: Buffer, from: number): number => {
  let count = 0
  for (let at = input.indexOf(needle, from); at !== -1; at = input.indexOf(needle, at + needle.length)) {
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
 * never touches a workbook (checkout, store routes).
 */
const loadExcelJS = async (): Promise<typeof ExcelJS> => (await import("exceljs")).default

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])
const NOT_XLSX_MESSAGE = "The file is not an Excel workbook (.xlsx); save it as .xlsx or CSV"

/** Minimal view of exceljs's streaming reader: its typings leave out what it sets at run time. */
type StyleModel = { numFmt?: unknown; styleIndex?: number }
type StyleLookup = { getStyleModel(id: number): StyleModel | null | undefined }
type StreamedWorksheet = AsyncIterable<ExcelJS.Row> & { name?: string }
type StreamedWorkbook = AsyncIterable<StreamedWorksheet> & {
  model?: { sheets?: { name?: string }[] }
  styles?: StyleLookup
  properties?: { model?: { date1904?: boolean } }
}

/** A code cell holding a number whose format was unknown while its sheet streamed by. */
type NumberAwaitingFormat = { index: number; styleIndex: number; value: number; row: number }

const DATE_REASON = 'is a date, not text; format the "code" column as Text and type the codes again'

/**
 * Reads the first worksheet of an XLSX code list. Uses exceljs's streaming reader: loading a million-row
 * workbook into exceljs's object model would need gigabytes. Numbers become their digits, rich text and
 * formula results their text; dates, error values and numbers too long for Excel to keep exactly are
 * reported as unreadable rather than turned into codes.
 * @throws EngineError on `file` for a missing header, no codes, or a file that is not an .xlsx workbook.
 */
export const parseCodesXlsx = async (buffer: Buffer): Promise<ParsedCodes> => {
  if (!buffer.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    throw new EngineError("file", NOT_XLSX_MESSAGE)
  }
  const collector = new CodeCollector()
  const { stream } = await loadExcelJS()
  const reader = new stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles tell dates from numbers; without them a date would pass as its serial number, a valid code.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  }) as unknown as StreamedWorkbook

  // exceljs formats a sheet's cells with the styles read so far. Writers that put styles.xml after the sheet
  // in the zip (LibreOffice does) would have dates read as serial numbers, i.e. valid-looking codes. For such
  // a sheet, style lookups return the style's index, and numbers are judged once the whole zip is read.
  const stylesAtStart = reader.styles
  const recordedStyles = new Map<number, StyleModel>()
  const styleRecorder: StyleLookup = {
    getStyleModel: (id) => {
      let model = recordedStyles.get(id)
      if (!model) {
        model = { styleIndex: id }
        recordedStyles.set(id, model)
      }
      return model
    },
  }
  const awaitingFormat: NumberAwaitingFormat[] = []
  // exceljs looks up sheet names in the workbook model when a sheet streams by and fails if workbook.xml has
  // not been read yet; an empty model until then makes it take the sheet unnamed (then it is the first one).
  reader.model ??= { sheets: [] }
  const date1904 = () => reader.properties?.model?.date1904 === true

  try {
    let firstSheetDone = false
    for await (const worksheet of reader) {
      // Sheets stream in file order; "first" means first in the workbook's tab order.
      const firstName = reader.model?.sheets?.[0]?.name
      if (firstSheetDone || (firstName !== undefined && worksheet.name !== firstName)) {
        continue
      }
      firstSheetDone = true
      const stylesKnown = stylesAtStart === undefined || reader.styles !== stylesAtStart
      if (!stylesKnown) {
        reader.styles = styleRecorder
      }
      for await (const row of worksheet) {
        readXlsxRow(row, collector, stylesKnown ? { date1904: date1904() } : { awaitingFormat })
      }
    }
  } catch (error) {
    if (error instanceof EngineError) {
      throw error
    }
    const detail = error instanceof Error ? error.message : String(error)
    throw new EngineError("file", `The Excel file could not be read; it may be damaged (${detail})`)
  }

  if (awaitingFormat.length > 0) {
    const styles = reader.styles === styleRecorder ? undefined : reader.styles
    const dates = new Set<number>()
    for (const number of awaitingFormat) {
      if (isDateFormat(styles?.getStyleModel(number.styleIndex)?.numFmt)) {
        dates.add(number.index)
        collector.unreadableCell(excelDateText(number.value, date1904()), DATE_REASON, number.row)
      }
    }
    collector.dropCodes(dates)
  }
  return collector.finish()
}

const readXlsxRow = (
  row: ExcelJS.Row,
  collector: CodeCollector,
  styles: { date1904: boolean } | { awaitingFormat: NumberAwaitingFormat[] }
): void => {
  const values = row.values as ExcelJS.CellValue[]
  if (row.number === 1) {
    const header = values.map((value) => {
      const text = cellText(value)
      return typeof text === "string" ? text : undefined
    })
    collector.header(header)
    return
  }
  const column = collector.column
  const value = column >= 0 ? values[column] : undefined
  const text = cellText(value)
  if (typeof text !== "string") {
    collector.unreadableCell(text.display, text.reason, row.number)
    return
  }
  if (isBlank(text) && values.every((other) => isBlankValue(other))) {
    return
  }
  const number = numberIn(value)
  if (number !== undefined) {
    // A formula's date result, or any date when styles came late, is still a plain number here.
    const style = row.getCell(column).style as StyleModel | undefined
    if ("awaitingFormat" in styles) {
      if (typeof style?.styleIndex === "number" && style.styleIndex > 0) {
        styles.awaitingFormat.push({ index: collector.count, styleIndex: style.styleIndex, value: number, row: row.number })
      }
    } else if (isDateFormat(style?.numFmt)) {
      collector.unreadableCell(excelDateText(number, styles.date1904), DATE_REASON, row.number)
      return
    }
  }
  collector.code(text, row.number)
}

const numberIn = (value: ExcelJS.CellValue | undefined): number | undefined => {
  if (typeof value === "number") {
    return value
  }
  if (value !== null && typeof value === "object" && ("formula" in value || "sharedFormula" in value)) {
    const result = (value as ExcelJS.CellFormulaValue).result
    return typeof result === "number" ? result : undefined
  }
  return undefined
}

/** Excel's rule of thumb: a number format showing a year, month, day or time part makes a date. */
const isDateFormat = (format: unknown): boolean =>
  typeof format === "string" &&
  /[ymdhsb]/i.test(
    format
      .replace(/\[[^\]]*\]/g, "")
      .replace(/"[^"]*"/g, "")
      .replace(/\\./g, "")
  )

const excelDateText = (serial: number, date1904: boolean): string => {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30)
  const date = new Date(epoch + Math.round(serial * 86_400_000))
  return Number.isNaN(date.getTime()) ? String(serial) : date.toISOString().slice(0, 10)
}

type UnreadableCell = { display: string; reason: string }

// Excel keeps 15 significant digits; a longer number typed into a General cell has already been rounded.
const LARGEST_EXACT_EXCEL_NUMBER = 1e15

/** The text a spreadsheet cell holds, or why it holds none a code could come from. */
const cellText = (value: ExcelJS.CellValue | undefined): string | UnreadableCell => {
  if (value === null || value === undefined) {
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
  if (value instanceof Date) {
    const display = Number.isNaN(value.getTime()) ? "date" : value.toISOString().slice(0, 10)
    return { display, reason: DATE_REASON }
  }
  if ("richText" in value && Array.isArray(value.richText)) {
    return value.richText.map((run) => run.text ?? "").join("")
  }
  if ("error" in value) {
    return { display: String(value.error), reason: "is an Excel error value" }
  }
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as ExcelJS.CellFormulaValue).result
    if (result === undefined || result === null) {
      const formula = (value as ExcelJS.CellFormulaValue).formula
      return { display: formula ? `=${formula}` : "formula", reason: "is a formula without a calculated value" }
    }
    return cellText(result as ExcelJS.CellValue)
  }
  if ("text" in value) {
    const text = (value as ExcelJS.CellHyperlinkValue).text as unknown
    return typeof text === "string" ? text : cellText(text as ExcelJS.CellValue)
  }
  return { display: "cell", reason: "could not be read as text" }
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

const isBlankValue = (value: ExcelJS.CellValue | undefined): boolean => {
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

/** Parses an uploaded code list in whichever format it is (see `detectCodeFileFormat`). */
export const parseCodesFile = async (
  buffer: Buffer,
  fileName?: string
): Promise<ParsedCodes & { format: CodeFileFormat }> => {
  const format = detectCodeFileFormat(buffer, fileName)
  const parsed = format === "xlsx" ? await parseCodesXlsx(buffer) : await parseCodesCsv(buffer)
  return { ...parsed, format }
}
