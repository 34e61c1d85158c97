import type ExcelJS from "exceljs"
import { CODE_COLUMN } from "./parsed-codes"
import { EXPIRES_AT_COLUMN } from "./expiry"

/*
 * The downloadable templates (CSV and XLSX) people fill in for an import, and the content types they are sent with.
 */

/** The downloadable CSV template: the header row alone (expires_at may be left blank or the column removed). */
export const CODES_CSV_TEMPLATE = `${CODE_COLUMN},${EXPIRES_AT_COLUMN}\r\n`
export const CODES_XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
export const CODES_CSV_CONTENT_TYPE = "text/csv"

/**
 * exceljs is loaded on first use: it costs ~0.5 s and ~25 MB, and the engine is also imported by code that
 * never touches a workbook (checkout, store routes). Only the template is written with it; imports are read by
 * xlsx-reader.ts, which keeps to the import limits and never writes temporary files.
 */
const loadExcelJS = async (): Promise<typeof ExcelJS> => (await import("exceljs")).default

/**
 * The downloadable XLSX template: one "Codes" sheet with the "code" and "expires_at" headers and no rows. Both
 * columns are formatted as Text, so Excel keeps codes like `00123` or `12E4` and ISO dates exactly as typed.
 */
export const buildCodesXlsxTemplate = async (): Promise<Buffer> => {
  const { Workbook } = await loadExcelJS()
  const workbook = new Workbook()
  workbook.creator = "Coupon batches"
  const sheet = workbook.addWorksheet("Codes", { views: [{ state: "frozen", ySplit: 1 }] })
  sheet.columns = [
    { header: CODE_COLUMN, key: CODE_COLUMN, width: 28, style: { numFmt: "@" } },
    { header: EXPIRES_AT_COLUMN, key: EXPIRES_AT_COLUMN, width: 24, style: { numFmt: "@" } },
  ]
  sheet.getRow(1).font = { bold: true }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
