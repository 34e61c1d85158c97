import { EngineError } from "../errors"
import { ImportLimits, resolveImportLimits } from "../code-file-limits"
import { readFirstWorksheet, XlsxValue } from "../xlsx-reader"
import type { FileSource } from "../file-source"
import { CodeCollector, isBlank } from "./collector"
import { CODE_COLUMN, ParsedCodes } from "./parsed-codes"
import { EXPIRES_AT_COLUMN, EXPIRY_REASONS } from "./expiry"

/*
 * Reading an XLSX code list: the first worksheet's cells (read by xlsx-reader.ts) turned into code texts, with
 * dates, error values and rounded numbers reported as unreadable rather than guessed.
 */

export const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04])
export const NOT_XLSX_MESSAGE = "The file is not an Excel workbook (.xlsx); save it as .xlsx or CSV"

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
  return (await readCodesXlsx(buffer, new CodeCollector(), limits)).finish()
}

/** Reads the first worksheet of the XLSX code list in `file` (bytes, or a file read where its zip says) into `collector`. */
export const readCodesXlsx = async (
  file: Buffer | FileSource,
  collector: CodeCollector,
  limits?: Partial<ImportLimits>
): Promise<CodeCollector> => {
  // Only whether each header cell names the code column, is blank, or holds something else matters: the header row
  // keeps one short mark per cell rather than its texts.
  let header: (string | undefined)[] | null = null
  let row = 0
  let code: XlsxValue | undefined
  let expiry: XlsxValue | undefined
  let othersFilled = false
  try {
    await readFirstWorksheet(file, resolveImportLimits(limits), {
      row: (number) => {
        row = number
        code = undefined
        expiry = undefined
        othersFilled = false
        header = number === 1 ? [] : null
      },
      cell: (column, value) => {
        if (header) {
          const text = cellText(value)
          const name = typeof text === "string" ? text.trim().toLowerCase() : undefined
          header[column] =
            name === undefined ? undefined : name === CODE_COLUMN || name === EXPIRES_AT_COLUMN ? name : isBlank(name) ? "" : "x"
        } else if (column === collector.column) {
          code = value
        } else if (column === collector.expiryColumn) {
          expiry = value
          othersFilled ||= !isBlankValue(value)
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
          const expiryText = expiryCellText(expiry)
          if (typeof expiryText !== "string") {
            collector.unreadableExpiry(expiryText.display, expiryText.reason, row)
          }
          collector.code(text, row, typeof expiryText === "string" ? expiryText : undefined)
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
  return collector
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

/**
 * The text of an expires_at cell: a date cell is its day (the end of it, UTC, like a typed date); a date with a time
 * of day is refused, since Excel keeps no time zone; error values and formulas without a value are refused.
 */
const expiryCellText = (value: XlsxValue | undefined): string | UnreadableCell => {
  if (value !== undefined && typeof value === "object") {
    if ("date" in value) {
      return value.time ? { display: `${value.date} ${value.time}`, reason: EXPIRY_REASONS.excel_time } : value.date
    }
    if ("error" in value) {
      return { display: value.error, reason: EXPIRY_REASONS.excel_error }
    }
    return { display: value.formula ? `=${value.formula}` : "formula", reason: EXPIRY_REASONS.excel_formula }
  }
  // Text, numbers (a serial date without a date format reads as its digits, and is refused as not a date), booleans.
  const text = cellText(value)
  return typeof text === "string" ? text : String(value)
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
