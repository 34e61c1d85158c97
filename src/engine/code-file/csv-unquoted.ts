import { checkCsvLine, ImportLimits, tooManyRowsError } from "../code-file-limits"
import { CodeCollector, isBlank } from "./collector"
import { ParsedCodes } from "./parsed-codes"

/*
 * The CSV fast path: a file without a single quote character (what code lists and our own exports are) split
 * directly, with the same results csv-parse would give.
 */

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
 * CSV without quotes, read the way csv-parse reads it with the options csv.ts gives it (BOM dropped, one line end for the
 * whole file, cells split on the delimiter, ragged rows allowed, no trimming), without its per-character state
 * machine and without an array per record: a million-row code list in a fraction of the time and memory. Only the
 * code cell of each row becomes a string; the other cells are only looked at when the code cell is blank.
 * The unit tests hold both readers to the same results on quote-free files.
 */
export const parseUnquotedCsv = (input: Buffer, delimiter: string, limits: ImportLimits): ParsedCodes => {
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
  const expiryColumn = collector.expiryColumn
  // The line is walked up to the last column wanted: just the code column for a plain code list.
  const last = Math.max(column, expiryColumn)
  let cellStart = from
  let codeStart = -1
  let codeEnd = -1
  let expiryStart = -1
  let expiryEnd = -1
  let index = 0
  if (column >= 0) {
    for (let i = from; i <= to; i++) {
      if (i === to || input[i] === separator) {
        if (index === column) {
          codeStart = cellStart
          codeEnd = i
        } else if (index === expiryColumn) {
          expiryStart = cellStart
          expiryEnd = i
        }
        if (index === last) {
          break
        }
        index++
        cellStart = i + 1
      }
    }
  }
  const cell = codeEnd >= 0 ? input.toString("utf8", codeStart, codeEnd) : undefined
  if (isBlank(cell) && cellsOf(from, to).every(isBlank)) {
    return
  }
  const expiry = expiryEnd >= 0 ? input.toString("utf8", expiryStart, expiryEnd) : undefined
  collector.code(cell === undefined ? "" : cell, row, expiry)
}
