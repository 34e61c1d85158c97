import { EngineError } from "./errors"

/*
 * What an uploaded code list may unpack into. The upload limit bounds the bytes that arrive; these bound what they
 * become: an .xlsx is a zip, and a few hundred KB of deflated XML can inflate into gigabytes, a single shared string
 * of hundreds of millions of characters, or millions of rows. Every limit is checked while reading, before the excess
 * is held in memory, and refuses the whole file with a message saying which limit it crossed.
 */

export type ImportLimits = {
  /** Rows a file may have, counted as a spreadsheet numbers them (the header is row 1, blank rows count). */
  maxRows: number
  /** Characters one cell may hold (Excel's own limit is 32,767). */
  maxCellChars: number
  /**
   * Bytes the parts of an .xlsx read for an import may inflate to, all together (counted while inflating). Bounds the
   * time a file can cost: XML of nothing but empty elements reads at ~25 MB/s on a 2-core machine. A workbook of
   * 1,000,000 codes unpacks to ~120 MB.
   */
  maxUncompressedBytes: number
  /**
   * Bytes an .xlsx's shared strings part may inflate to: the one part held in memory while the sheet is read
   * (about 1.6 times its size at worst), so it has its own, smaller bound.
   */
  maxSharedStringsBytes: number
}

const MB = 1024 * 1024

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxRows: 2_000_000,
  maxCellChars: 32_767,
  maxUncompressedBytes: 256 * MB,
  maxSharedStringsBytes: 100 * MB,
}

/** The defaults, overridden key by key by whatever `limits` sets (plugin options may set only some keys). */
export const resolveImportLimits = (limits: Partial<ImportLimits> | null | undefined): ImportLimits => {
  const resolved = { ...DEFAULT_IMPORT_LIMITS }
  for (const key of Object.keys(resolved) as (keyof ImportLimits)[]) {
    const value = limits?.[key]
    if (value !== undefined && value !== null) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`importLimits.${key} must be a positive whole number, got ${String(value)}`)
      }
      resolved[key] = value
    }
  }
  return resolved
}

const count = (value: number) => value.toLocaleString("en-US")

const size = (bytes: number) =>
  bytes % MB === 0 ? `${count(bytes / MB)} MB` : bytes % 1024 === 0 ? `${count(bytes / 1024)} KB` : `${count(bytes)} bytes`

export const tooManyRowsError = (limits: ImportLimits) =>
  new EngineError("file", `The file has more than ${count(limits.maxRows)} rows; split it into smaller files`)

/** `row` when the reader knows it (CSV rows, sheet cells); shared strings belong to no row yet. */
export const cellTooLongError = (limits: ImportLimits, row?: number) =>
  new EngineError(
    "file",
    `The file has a cell longer than ${count(limits.maxCellChars)} characters${row ? ` (row ${count(row)})` : ""}`
  )

export const unpacksTooLargeError = (limits: ImportLimits) =>
  new EngineError(
    "file",
    `The Excel file unpacks to more than ${size(limits.maxUncompressedBytes)}; split it into smaller files`
  )

export const tooMuchTextError = (limits: ImportLimits) =>
  new EngineError(
    "file",
    `The Excel file's shared text unpacks to more than ${size(limits.maxSharedStringsBytes)}; split it into smaller files`
  )

/**
 * A CSV row may hold a few cells at the cell limit, no more: csv-parse holds a whole record before handing it over,
 * so a record is what bounds its memory.
 */
export const maxCsvRowBytes = (limits: ImportLimits) => limits.maxCellChars * 4

export const rowTooLongError = (limits: ImportLimits, row: number) =>
  new EngineError("file", `The file has a row longer than ${count(maxCsvRowBytes(limits))} bytes (row ${count(row)})`)

/** Characters (UTF-16 units, as String#length counts) of the UTF-8 bytes [from, to), without decoding them. */
export const utf16Length = (bytes: Buffer, from: number, to: number): number => {
  let length = 0
  for (let i = from; i < to; i++) {
    const byte = bytes[i]
    if ((byte & 0xc0) !== 0x80) {
      // A 4-byte sequence is one character outside the BMP: two UTF-16 units.
      length += byte >= 0xf0 ? 2 : 1
    }
  }
  return length
}

/**
 * Checks a CSV line [from, to) without quotes: every cell against the cell limit, then the line against the row
 * limit. Only lines longer than one cell may be are worth the scan.
 * @throws EngineError on `file` naming the limit crossed and the row.
 */
export const checkCsvLine = (
  input: Buffer,
  from: number,
  to: number,
  separator: number,
  row: number,
  limits: ImportLimits
): void => {
  if (to - from <= limits.maxCellChars) {
    return
  }
  let cellStart = from
  for (let i = from; i <= to; i++) {
    if (i === to || input[i] === separator) {
      if (i - cellStart > limits.maxCellChars && utf16Length(input, cellStart, i) > limits.maxCellChars) {
        throw cellTooLongError(limits, row)
      }
      cellStart = i + 1
    }
  }
  if (to - from > maxCsvRowBytes(limits)) {
    throw rowTooLongError(limits, row)
  }
}

/** A file that is not what it claims to be (a broken zip, XML or workbook); the reader explains what it found. */
export class DamagedFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "DamagedFileError"
    Object.setPrototypeOf(this, new.target.prototype)
  }
}
