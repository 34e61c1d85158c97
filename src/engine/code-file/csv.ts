import { parse as parseCsv, CsvError } from "csv-parse"
import { EngineError } from "../errors"
import {
  cellTooLongError,
  ImportLimits,
  maxCsvRowBytes,
  resolveImportLimits,
  rowTooLongError,
  tooManyRowsError,
} from "../code-file-limits"
import { bufferSource, FileSource } from "../file-source"
import { CodeCollector, isBlank } from "./collector"
import { scanCsv, utf8Chunks } from "./csv-scan"
import { readUnquotedCsv } from "./csv-unquoted"
import { ParsedCodes } from "./parsed-codes"

/*
 * Reading a CSV code list: encoding and delimiter detection, then the quote-free fast path (csv-unquoted.ts) or
 * csv-parse's streaming parser, both within the import limits.
 */

// Excel's way of keeping leading zeros in a CSV: ="00123".
const EXCEL_TEXT_FORMULA = /^="(.*)"$/s

export type CsvReadOptions = {
  /** "csv-parse" skips the quote-free fast path (tests compare the two). */
  reader?: "auto" | "csv-parse"
  limits?: Partial<ImportLimits>
}

/**
 * Reads a CSV code list. Handles a UTF-8 BOM, UTF-16 ("Unicode text" from Excel), CRLF/LF/CR line ends,
 * quoted values and Excel's `="00123"` text cells. The delimiter (comma, semicolon or tab) is taken from
 * the header line, because Excel writes semicolons where the decimal separator is a comma.
 *
 * A file without a single quote character (what code lists and our own exports are) is split directly, see
 * `readUnquotedCsv`; any other goes through csv-parse's streaming parser (its sync API keeps an array per record,
 * which for a million rows costs seconds and a few hundred MB).
 * Both readers keep to `limits` (rows, cell length, row length) as they go, before the excess is held.
 * @throws EngineError on `file` for a missing header, no codes, a crossed import limit or unreadable CSV.
 */
export const parseCodesCsv = async (buffer: Buffer, options: CsvReadOptions = {}): Promise<ParsedCodes> => {
  const collector = await readCodesCsv(bufferSource(buffer), (rows) => new CodeCollector(rows ?? 0), options)
  return collector.finish()
}

/**
 * Reads a CSV code list from `source` into the collector `collectorFor` makes (given the row count when the first
 * pass knows it). The file is read twice, streaming, never whole: a look over it (csv-scan.ts), then the reading.
 */
export const readCodesCsv = async (
  source: FileSource,
  collectorFor: (rows: number | undefined) => CodeCollector,
  { reader = "auto", limits }: CsvReadOptions = {}
): Promise<CodeCollector> => {
  const resolved = resolveImportLimits(limits)
  const scan = await scanCsv(source, resolved.maxRows, true)
  const delimiter = detectDelimiter(scan.head)
  if (reader === "auto" && !scan.hasQuote) {
    // Counted before anything is allocated: the collector's arrays are sized by it.
    if (scan.rows! > resolved.maxRows) {
      throw tooManyRowsError(resolved)
    }
    const collector = collectorFor(scan.rows)
    // One buffer for the whole pass: the reader copies the little it keeps of a chunk (a line's start).
    await readUnquotedCsv(utf8Chunks(source, true), scan, delimiter, resolved, collector)
    return collector
  }
  const collector = collectorFor(undefined)
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
    const expiry = collector.expiryColumn >= 0 ? record[collector.expiryColumn] : undefined
    collector.code(excelTextOf(cell === undefined ? "" : cell), row, expiry === undefined ? undefined : excelTextOf(expiry))
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

    const write = async (): Promise<void> => {
      for await (const chunk of utf8Chunks(source)) {
        if (failed) {
          return
        }
        if (!parser.write(chunk)) {
          await new Promise<void>((drained) => {
            parser.once("drain", drained)
            parser.once("close", drained)
          })
        }
      }
      if (!failed) {
        parser.end()
      }
    }
    write().catch(fail)
  })

  return collector
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

/** A cell as typed: Excel's `="00123"` (how it keeps leading zeros in a CSV) becomes `00123`. */
const excelTextOf = (cell: string): string => {
  const excelText = cell.includes("=") ? EXCEL_TEXT_FORMULA.exec(cell.trim()) : null
  return excelText ? excelText[1] : cell
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
