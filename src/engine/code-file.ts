import { EngineError } from "./errors"
import { ImportLimits } from "./code-file-limits"
import { parseCodesCsv, readCodesCsv } from "./code-file/csv"
import { NOT_XLSX_MESSAGE, parseCodesXlsx, readCodesXlsx, ZIP_SIGNATURE } from "./code-file/xlsx"
import { ParsedCodes } from "./code-file/parsed-codes"
import { CheckedCodes, CodeChecker } from "./code-file/checked-codes"
import { CodeCollector } from "./code-file/collector"
import type { FileSource } from "./file-source"

/*
 * Uploaded code lists (CSV or XLSX) for an import batch. Validation is all-or-nothing: a file with a single
 * bad or repeated code is refused whole, with a message naming the offending rows, so an import never
 * leaves half a list behind.
 *
 * This file picks the reader a file needs and is the engine's public face for code files; the parts are in
 * code-file/: the parsed result and its rules (parsed-codes.ts, collector.ts), the CSV reader (csv.ts and its
 * quote-free fast path csv-unquoted.ts), the XLSX reader glue (xlsx.ts), validation (validate.ts), the optional
 * per-code expiry (expiry.ts), the wording of problems (problems.ts) and the downloadable templates (template.ts).
 */

export {
  CODE_COLUMN,
  MISSING_HEADER_MESSAGE,
  NO_CODES_MESSAGE,
  TWO_CODE_COLUMNS_MESSAGE,
} from "./code-file/parsed-codes"
export type { CodeProblem, CodeProblemKind, ParsedCodes } from "./code-file/parsed-codes"
export { DUPLICATE_REASON, validateParsedCodes } from "./code-file/validate"
export {
  EXPIRES_AT_COLUMN,
  EXPIRY_DETAILS,
  EXPIRY_REASONS,
  expiryFieldMessage,
  parseExpiresAt,
  sortCodesWithExpiry,
  TWO_EXPIRES_AT_COLUMNS_MESSAGE,
} from "./code-file/expiry"
export type { ExpiryParse } from "./code-file/expiry"
export type { CodeFileCheck } from "./code-file/validate"
export type { CheckedCodes, LoadableCodes } from "./code-file/checked-codes"
export { describeProblems } from "./code-file/problems"
export { parseCodesCsv } from "./code-file/csv"
export { parseCodesXlsx } from "./code-file/xlsx"
export {
  buildCodesXlsxTemplate,
  CODES_CSV_CONTENT_TYPE,
  CODES_CSV_TEMPLATE,
  CODES_XLSX_CONTENT_TYPE,
} from "./code-file/template"

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])

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

/**
 * What an import does with a code file: reads it from `source` (streaming, never whole) and checks it as
 * `validateParsedCodes(await parseCodesFile(...))` would, with the same problems, but holding the codes packed
 * (checked-codes.ts): the result is the codes ready to load, or the problems that refuse the file.
 * @throws EngineError on `file` as parseCodesFile does.
 */
export const checkCodesFile = async (
  source: FileSource,
  fileName?: string,
  limits?: Partial<ImportLimits>,
  { maxProblems }: { maxProblems?: number } = {}
): Promise<CheckedCodes & { format: CodeFileFormat }> => {
  const format = detectCodeFileFormat(await source.read(0, 4), fileName)
  let checker: CodeChecker | undefined
  const collectorFor = (rows: number | undefined) => {
    checker = new CodeChecker(rows ?? 0, maxProblems)
    return new CodeCollector(0, checker)
  }
  const collector =
    format === "xlsx"
      ? await readCodesXlsx(source, collectorFor(undefined), limits)
      : await readCodesCsv(source, collectorFor, { limits })
  const { unreadable } = collector.finish()
  return { ...checker!.finish(unreadable), format }
}
