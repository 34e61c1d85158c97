import { posix } from "path"
import { StringDecoder } from "string_decoder"
import {
  cellTooLongError,
  DamagedFileError,
  ImportLimits,
  tooManyRowsError,
  tooMuchTextError,
  unpacksTooLargeError,
} from "./code-file-limits"
import { attribute, decodeXmlText, XmlHandler, XmlScanner } from "./xml-scanner"
import { excelDateText, Relationships, SharedStringsPart, StylesPart, WorkbookPart } from "./xlsx-parts"
import { inflateZipEntry, InflateBudget, readZipEntries, readZipEntriesFrom, ZipEntry } from "./zip-entries"
import type { FileSource } from "./file-source"

/*
 * Reads the first worksheet of an .xlsx, cell by cell, within the import limits. Written for imports instead of using
 * exceljs's streaming reader, which holds a shared string of any length, writes worksheets that come before the
 * shared strings in the zip (Excel's own layout) to temporary files it only removes when a read completes, and reads
 * every part, wanted or not. Here the parts are taken from the zip's directory in the order that needs no temporary
 * storage (workbook, relationships, styles, shared strings, then the sheet), only those parts are inflated, and
 * nothing is written to disk.
 */

/** A cell's value, as far as telling text from numbers, dates and errors goes. */
export type XlsxValue =
  | string
  | number
  | boolean
  | { error: string }
  /**
   * A number shown with a date format, or a cell typed as a date: the date as YYYY-MM-DD, and its time of day as
   * HH:MM:SS when it has one (an expiry must not lose it unnoticed).
   */
  | { date: string; time?: string }
  /** A formula the writer saved without a calculated value. */
  | { formula: string }

export type XlsxRowVisitor = {
  row(number: number): void
  /** Cells of the current row in column order, 1-based; empty cells are skipped. */
  cell(column: number, value: XlsxValue): void
  endRow(): void
}

// Excel's last column, XFD.
const MAX_COLUMN = 16_384
// Entities make a text run longer as written than as read; "&#x10FFFF;" is the longest way to write one character.
const WRITTEN_CHARS_PER_CHAR = 10

/**
 * Calls `visitor` for every row and cell of the first worksheet in tab order.
 * @throws EngineError on `file` when a limit is crossed; DamagedFileError when the file is not a readable workbook.
 */
export async function readFirstWorksheet(
  file: Buffer | FileSource,
  limits: ImportLimits,
  visitor: XlsxRowVisitor
): Promise<void> {
  const entries = Buffer.isBuffer(file) ? readZipEntries(file) : await readZipEntriesFrom(file)
  const budget: InflateBudget = {
    remaining: limits.maxUncompressedBytes,
    onExceeded: (_entry, limit) => (limit === "total" ? unpacksTooLargeError(limits) : tooMuchTextError(limits)),
  }
  const read = (entry: ZipEntry, handler: XmlHandler, maxBytes?: number) =>
    readXmlPart(file, entry, budget, limits, handler, maxBytes)
  const part = (name: string) => entries.get(name)

  const packageRels = new Relationships(null, ["/officeDocument"])
  const rootRels = part("_rels/.rels")
  if (rootRels) {
    await read(rootRels, packageRels)
  }
  const workbookPath = packageRels.targetOfType("/officeDocument", "") ?? "xl/workbook.xml"
  const workbookEntry = part(workbookPath)
  if (!workbookEntry) {
    throw new DamagedFileError(`it has no workbook part (${workbookPath})`)
  }
  const workbook = new WorkbookPart()
  await read(workbookEntry, workbook)
  if (workbook.firstSheetRelation === undefined) {
    return
  }

  const workbookDir = posix.dirname(workbookPath)
  const relations = new Relationships(workbook.firstSheetRelation, ["/styles", "/sharedStrings"])
  const relationsEntry = part(posix.join(workbookDir, "_rels", `${posix.basename(workbookPath)}.rels`))
  if (!relationsEntry) {
    throw new DamagedFileError("the workbook's relationships part is missing")
  }
  await read(relationsEntry, relations)
  const sheetPath = relations.targetOfId(workbookDir)
  const sheetEntry = sheetPath !== undefined ? part(sheetPath) : undefined
  if (!sheetEntry) {
    throw new DamagedFileError(`the first worksheet (${sheetPath ?? "no target"}) is missing`)
  }

  const styles = new StylesPart()
  const stylesEntry = part(relations.targetOfType("/styles", workbookDir) ?? posix.join(workbookDir, "styles.xml"))
  if (stylesEntry) {
    await read(stylesEntry, styles)
  }
  const strings = new SharedStringsPart(limits)
  const stringsEntry = part(
    relations.targetOfType("/sharedStrings", workbookDir) ?? posix.join(workbookDir, "sharedStrings.xml")
  )
  if (stringsEntry) {
    await read(stringsEntry, strings, limits.maxSharedStringsBytes)
  }
  await read(sheetEntry, new WorksheetPart(limits, strings, styles, workbook.date1904, visitor))
}

async function readXmlPart(
  file: Buffer | FileSource,
  entry: ZipEntry,
  budget: InflateBudget,
  limits: ImportLimits,
  handler: XmlHandler,
  maxBytes?: number
): Promise<void> {
  const scanner = new XmlScanner(handler, {
    maxText: limits.maxCellChars * WRITTEN_CHARS_PER_CHAR,
    textTooLong: () => cellTooLongError(limits),
  })
  const decoder = new StringDecoder("utf8")
  let first = true
  for await (const chunk of inflateZipEntry(file, entry, budget, maxBytes)) {
    let text = decoder.write(chunk)
    if (first && text.length) {
      first = false
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1)
      }
    }
    scanner.write(text)
  }
  scanner.write(decoder.end())
  scanner.end()
}

/** The worksheet part: rows and cells in order, each cell's value resolved, handed to the visitor. */
class WorksheetPart implements XmlHandler {
  private inSheetData = false
  private rowNumber = 0
  private inRow = false
  private nextColumn = 1
  private cell: { column: number; style: number; type: string } | null = null
  private value: string | null = null
  private formula: string | null = null
  private inline: string | null = null
  private capture: "v" | "f" | "t" | null = null
  private phonetic = 0

  constructor(
    private readonly limits: ImportLimits,
    private readonly strings: SharedStringsPart,
    private readonly styles: StylesPart,
    private readonly date1904: boolean,
    private readonly visitor: XlsxRowVisitor
  ) {}

  open(name: string, tag: string): void {
    if (name === "sheetData") {
      this.inSheetData = true
    } else if (!this.inSheetData) {
      return
    } else if (name === "row") {
      this.startRow(attribute(tag, "r"))
    } else if (name === "c" && this.inRow) {
      this.startCell(tag)
    } else if (this.cell === null) {
      return
    } else if (name === "v") {
      this.capture = "v"
      this.value = ""
    } else if (name === "f") {
      this.capture = "f"
      this.formula = ""
    } else if (name === "is") {
      this.inline = ""
    } else if (name === "rPh") {
      this.phonetic++
    } else if (name === "t" && this.inline !== null && this.phonetic === 0) {
      this.capture = "t"
    }
  }

  close(name: string): void {
    if (name === "sheetData") {
      this.inSheetData = false
    } else if (name === "row" && this.inRow) {
      this.inRow = false
      this.visitor.endRow()
    } else if (name === "c" && this.cell !== null) {
      const value = this.cellValue()
      if (value !== undefined) {
        this.visitor.cell(this.cell.column, value)
      }
      this.cell = null
    } else if (name === "v" || name === "f" || name === "t") {
      this.capture = null
    } else if (name === "rPh") {
      this.phonetic--
    }
  }

  text(raw: string, cdata: boolean): void {
    if (this.capture === null) {
      return
    }
    const text = cdata ? raw : decodeXmlText(raw)
    let total: number
    if (this.capture === "v") {
      total = (this.value += text).length
    } else if (this.capture === "f") {
      total = (this.formula += text).length
    } else {
      total = (this.inline += text).length
    }
    if (total > this.limits.maxCellChars) {
      throw cellTooLongError(this.limits, this.rowNumber)
    }
  }

  private startRow(r: string | undefined): void {
    const number = r === undefined ? this.rowNumber + 1 : Number(r)
    if (!Number.isInteger(number) || number <= this.rowNumber) {
      throw new DamagedFileError(`row ${r} comes after row ${this.rowNumber}`)
    }
    if (number > this.limits.maxRows) {
      throw tooManyRowsError(this.limits)
    }
    this.rowNumber = number
    this.inRow = true
    this.nextColumn = 1
    this.visitor.row(number)
  }

  private startCell(tag: string): void {
    const reference = attribute(tag, "r")
    const column = reference === undefined ? this.nextColumn : columnOf(reference)
    if (column < 1 || column > MAX_COLUMN) {
      throw new DamagedFileError(`cell ${reference ?? column} is outside Excel's 16,384 columns`)
    }
    this.nextColumn = column + 1
    this.cell = { column, style: Number(attribute(tag, "s") ?? 0) | 0, type: attribute(tag, "t") ?? "n" }
    this.value = null
    this.formula = null
    this.inline = null
    this.capture = null
  }

  private cellValue(): XlsxValue | undefined {
    const { type, style } = this.cell!
    const { value, formula, inline } = this
    if (formula !== null && value === null) {
      return { formula: decodeXmlText(formula) }
    }
    if (inline !== null) {
      return inline
    }
    if (value === null) {
      return undefined
    }
    switch (type) {
      case "s":
        return this.strings.get(parseInt(value, 10))
      case "str":
      case "inlineStr":
        return value
      case "e":
        return { error: value }
      case "b":
        return parseInt(value, 10) !== 0
      case "d":
        return /^\d{4}-\d\d-\d\d/.test(value) ? withTime(value.slice(0, 10), value.slice(11, 19)) : { date: value }
      default: {
        const number = parseFloat(value)
        return this.styles.isDate(style) ? withTime(excelDateText(number, this.date1904), excelTimeText(number)) : number
      }
    }
  }
}

const withTime = (date: string, time: string): { date: string; time?: string } =>
  /^\d\d:\d\d(:\d\d)?$/.test(time) && !/^00:00(:00)?$/.test(time) ? { date, time } : { date }

/** The time of day of an Excel serial date (its fraction), to the second; "" at midnight. */
const excelTimeText = (serial: number): string => {
  const seconds = Math.round((serial - Math.floor(serial)) * 86_400) % 86_400
  if (!Number.isFinite(seconds) || seconds === 0) {
    return ""
  }
  const two = (n: number) => String(n).padStart(2, "0")
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`
}

/** The column number of a cell reference such as "AB12" (letters first, any case). */
const columnOf = (reference: string): number => {
  let column = 0
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i) | 0x20
    if (c < 0x61 || c > 0x7a) {
      break
    }
    column = column * 26 + (c - 0x60)
    if (column > MAX_COLUMN) {
      return column
    }
  }
  return column
}
