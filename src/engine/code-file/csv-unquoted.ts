import { cellTooLongError, checkCsvLine, ImportLimits, maxCsvRowBytes, rowTooLongError } from "../code-file-limits"
import { CodeCollector, isBlank } from "./collector"
import type { CsvScan } from "./csv-scan"

/*
 * The CSV fast path: a file without a single quote character (what code lists and our own exports are) split
 * directly, with the same results csv-parse would give.
 */

const LF = 0x0a
const CR = 0x0d

/**
 * CSV without quotes, read the way csv-parse reads it with the options csv.ts gives it (BOM dropped, one line end for the
 * whole file, cells split on the delimiter, ragged rows allowed, no trimming), without its per-character state
 * machine and without an array per record: a million-row code list in a fraction of the time and memory. Only the
 * code cell of each row becomes a string; the other cells are only looked at when the code cell is blank.
 * The file streams through: only the line being read is held between chunks, and a line past the row length limit is
 * judged while it streams by (see `refuseLongLine`). `scan` is the first pass's look at the whole file (csv-scan.ts).
 * The unit tests hold both readers to the same results on quote-free files.
 */
export const readUnquotedCsv = async (
  chunks: AsyncIterable<Buffer>,
  scan: CsvScan,
  delimiter: string,
  limits: ImportLimits,
  collector: CodeCollector
): Promise<void> => {
  const separator = delimiter.charCodeAt(0)
  const { lineEnd } = scan
  const lineEndLength = lineEnd?.length ?? 0
  let toSkip = scan.start
  let carry: Buffer | null = null
  let row = 0
  const line = (input: Buffer, from: number, to: number): void => {
    row++
    checkCsvLine(input, from, to, separator, row, limits)
    if (row === 1) {
      collector.header(cellsOf(input, from, to, separator))
    } else {
      readUnquotedRow(input, from, to, separator, row, collector)
    }
  }
  const iterator = chunks[Symbol.asyncIterator]()
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    let data: Buffer = next.value
    if (toSkip > 0) {
      const skipped = Math.min(toSkip, data.length)
      data = data.subarray(skipped)
      toSkip -= skipped
    }
    let at = 0
    if (carry !== null && lineEnd !== null) {
      // The line the last chunk ended in: only it is joined, not the whole chunk.
      if (lineEndLength === 2 && carry[carry.length - 1] === CR && data[0] === LF) {
        line(carry, 0, carry.length - 1)
        carry = null
        at = 1
      } else {
        const end = data.indexOf(lineEnd)
        if (end !== -1) {
          const joined = Buffer.concat([carry, data.subarray(0, end)])
          carry = null
          line(joined, 0, joined.length)
          at = end + lineEndLength
        }
      }
    }
    if (carry !== null) {
      // No line end in this chunk (or a file of one line): the line goes on.
      carry = Buffer.concat([carry, data])
    } else {
      if (lineEnd !== null) {
        for (let end = data.indexOf(lineEnd, at); end !== -1; end = data.indexOf(lineEnd, at)) {
          line(data, at, end)
          at = end + lineEndLength
        }
      }
      // Copied: the chunk's buffer may be read into again (see FileSource.chunks).
      carry = at < data.length ? Buffer.from(data.subarray(at)) : null
    }
    // A line end may be split between chunks: its first byte may still be in `carry`.
    if (carry !== null && carry.length - Math.max(0, lineEndLength - 1) > maxCsvRowBytes(limits)) {
      return refuseLongLine(carry, iterator, lineEnd, separator, row + 1, limits)
    }
  }
  if (carry !== null && carry.length > 0) {
    line(carry, 0, carry.length)
  }
}

/**
 * A line longer than the row limit is refused, as checkCsvLine refuses it, without holding it: for its first cell past
 * the cell limit if it has one (the rest of the line streams by, counted), otherwise for its length.
 */
const refuseLongLine = async (
  start: Buffer,
  rest: AsyncIterator<Buffer>,
  lineEnd: Buffer | null,
  separator: number,
  row: number,
  limits: ImportLimits
): Promise<never> => {
  let cellChars = 0
  let pendingCr = false
  const crlf = lineEnd !== null && lineEnd.length === 2
  const endByte = lineEnd !== null && lineEnd.length === 1 ? lineEnd[0] : -1
  // True at the line's end.
  const take = (chunk: Buffer): boolean => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]
      if (pendingCr) {
        pendingCr = false
        if (byte === LF) {
          return true
        }
        // The CR was a character of the cell.
        cellChars++
      }
      if (byte === endByte) {
        return true
      }
      if (crlf && byte === CR) {
        pendingCr = true
      } else if (byte === separator) {
        cellChars = 0
      } else if ((byte & 0xc0) !== 0x80) {
        cellChars += byte >= 0xf0 ? 2 : 1
      }
      if (cellChars > limits.maxCellChars) {
        throw cellTooLongError(limits, row)
      }
    }
    return false
  }
  if (!take(start)) {
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      if (take(next.value)) {
        break
      }
    }
  }
  await rest.return?.()
  if (pendingCr && cellChars + 1 > limits.maxCellChars) {
    throw cellTooLongError(limits, row)
  }
  throw rowTooLongError(limits, row)
}

// Cells of the line [from, to), as strings: only the header line and rows with a blank code cell need them all.
const cellsOf = (input: Buffer, from: number, to: number, separator: number): string[] => {
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

const readUnquotedRow = (
  input: Buffer,
  from: number,
  to: number,
  separator: number,
  row: number,
  collector: CodeCollector
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
  if (isBlank(cell) && cellsOf(input, from, to, separator).every(isBlank)) {
    return
  }
  const expiry = expiryEnd >= 0 ? input.toString("utf8", expiryStart, expiryEnd) : undefined
  collector.code(cell === undefined ? "" : cell, row, expiry)
}
