import { posix } from "path"
import { cellTooLongError, ImportLimits } from "./code-file-limits"
import { PackedStrings } from "./packed-strings"
import { attribute, decodeXmlText, XmlHandler } from "./xml-scanner"

/*
 * The parts of an .xlsx read around its first worksheet, each reduced while it streams to the little the import
 * needs: one relationship target, the first sheet, the date system, which cell formats show dates, and the shared
 * strings.
 */

const ignoreText = (): void => undefined

/** A relationships part: keeps the target of one id and of the first relationship of each wanted type. */
export class Relationships implements XmlHandler {
  private idTarget: string | undefined
  private readonly typeTargets = new Map<string, string>()

  constructor(
    private readonly id: string | null,
    private readonly types: string[]
  ) {}

  open(name: string, tag: string): void {
    if (name !== "Relationship") {
      return
    }
    const target = attribute(tag, "Target")
    if (target === undefined || attribute(tag, "TargetMode") === "External") {
      return
    }
    if (this.id !== null && attribute(tag, "Id") === this.id) {
      this.idTarget = decodeXmlText(target)
    }
    const type = attribute(tag, "Type") ?? ""
    const wanted = this.types.find((suffix) => type.endsWith(suffix))
    if (wanted && !this.typeTargets.has(wanted)) {
      this.typeTargets.set(wanted, decodeXmlText(target))
    }
  }

  close(): void {}
  text = ignoreText

  targetOfId(from: string): string | undefined {
    return this.idTarget === undefined ? undefined : resolvePartPath(from, this.idTarget)
  }

  targetOfType(type: string, from: string): string | undefined {
    const target = this.typeTargets.get(type)
    return target === undefined ? undefined : resolvePartPath(from, target)
  }
}

/** A relationship target, relative to the folder of the part that names it, or absolute from the package root. */
const resolvePartPath = (from: string, target: string): string =>
  target.startsWith("/") ? posix.normalize(target).slice(1) : posix.normalize(posix.join(from, target))

/** The workbook part: which sheet comes first in tab order, and the date system. */
export class WorkbookPart implements XmlHandler {
  firstSheetRelation: string | undefined
  date1904 = false

  open(name: string, tag: string): void {
    if (name === "workbookPr") {
      const value = attribute(tag, "date1904")
      this.date1904 = value === "1" || value === "true"
    } else if (name === "sheet" && this.firstSheetRelation === undefined) {
      this.firstSheetRelation = attribute(tag, "id") ?? ""
    }
  }

  close(): void {}
  text = ignoreText
}

// Built-in number formats that show dates or times (ECMA-376 18.8.30, and the East Asian ones at 27-36 and 50-58).
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])

/** Excel's rule of thumb: a number format showing a year, month, day or time part makes a date. */
export const isDateFormat = (format: unknown): boolean =>
  typeof format === "string" &&
  /[ymdhsb]/i.test(
    format
      .replace(/\[[^\]]*\]/g, "")
      .replace(/"[^"]*"/g, "")
      .replace(/\\./g, "")
  )

/**
 * The styles part, reduced to what tells a date from a number: the number format of each cell format (4 bytes per
 * format, whatever the part holds besides).
 */
export class StylesPart implements XmlHandler {
  private numberFormats = new Int32Array(64)
  private formatCount = 0
  private readonly customDateFormats = new Map<number, boolean>()
  private inCellFormats = false

  open(name: string, tag: string): void {
    if (name === "numFmt") {
      const id = Number(attribute(tag, "numFmtId"))
      if (Number.isInteger(id)) {
        this.customDateFormats.set(id, isDateFormat(decodeXmlText(attribute(tag, "formatCode") ?? "")))
      }
    } else if (name === "cellXfs") {
      this.inCellFormats = true
    } else if (name === "xf" && this.inCellFormats) {
      if (this.formatCount === this.numberFormats.length) {
        const grown = new Int32Array(this.numberFormats.length * 2)
        grown.set(this.numberFormats)
        this.numberFormats = grown
      }
      this.numberFormats[this.formatCount++] = Number(attribute(tag, "numFmtId") ?? 0) | 0
    }
  }

  close(name: string): void {
    if (name === "cellXfs") {
      this.inCellFormats = false
    }
  }

  text = ignoreText

  isDate(styleIndex: number): boolean {
    if (styleIndex < 0 || styleIndex >= this.formatCount) {
      return false
    }
    const id = this.numberFormats[styleIndex]
    return this.customDateFormats.get(id) ?? BUILT_IN_DATE_FORMATS.has(id)
  }
}

/**
 * The shared strings, each the text of its runs joined (phonetic guides left out), at most `maxCellChars` long.
 * Packed (packed-strings.ts): a million 12-character codes take 12 MB, not a million strings.
 */
export class SharedStringsPart implements XmlHandler {
  private strings: PackedStrings | null = null
  private current: string | null = null
  private capturing = false
  private phonetic = 0

  constructor(private readonly limits: ImportLimits) {}

  open(name: string, tag: string): void {
    if (name === "si") {
      this.current = ""
    } else if (name === "sst" && this.strings === null) {
      // Sized once by the count the part declares (no copies as it grows), within what a file may have in rows.
      const declared = Number(attribute(tag, "uniqueCount"))
      this.strings = new PackedStrings(Number.isInteger(declared) && declared > 0 ? Math.min(declared, this.limits.maxRows) : undefined)
    } else if (name === "rPh") {
      this.phonetic++
    } else if (name === "t" && this.current !== null && this.phonetic === 0) {
      this.capturing = true
    }
  }

  close(name: string): void {
    if (name === "t") {
      this.capturing = false
    } else if (name === "rPh") {
      this.phonetic--
    } else if (name === "si" && this.current !== null) {
      ;(this.strings ??= new PackedStrings()).push(this.current)
      this.current = null
    }
  }

  text(raw: string, cdata: boolean): void {
    if (!this.capturing || this.current === null) {
      return
    }
    this.current += cdata ? raw : decodeXmlText(raw)
    if (this.current.length > this.limits.maxCellChars) {
      throw cellTooLongError(this.limits)
    }
  }

  get(index: number): string | undefined {
    return this.strings !== null && index >= 0 && index < this.strings.size ? this.strings.get(index) : undefined
  }
}

/** The calendar date (YYYY-MM-DD) of an Excel serial day number. */
export const excelDateText = (serial: number, date1904: boolean): string => {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30)
  const date = new Date(epoch + Math.round(serial * 86_400_000))
  return Number.isNaN(date.getTime()) ? String(serial) : date.toISOString().slice(0, 10)
}
