import { posix } from "path"
import { cellTooLongError, ImportLimits } from "./code-file-limits"
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

const BLOCK_BITS = 20
const BLOCK = 1 << BLOCK_BITS
const WIDE = 0x80000000
const NOT_LATIN1 = /[^\x00-\xff]/

/**
 * The shared strings, each the text of its runs joined (phonetic guides left out), at most `maxCellChars` long.
 * Held as bytes in 1 MB blocks with a start and length per string (a million codes take ~20 MB, not a million strings):
 * a string of characters below U+0100 as one byte per character, any other as UTF-16, so every string reads back
 * exactly as it was (lone surrogates included).
 */
export class SharedStringsPart implements XmlHandler {
  private readonly blocks: Buffer[] = []
  private writeAt = BLOCK
  private starts = new Uint32Array(1024)
  private lengths = new Uint32Array(1024)
  private size = 0
  private current: string | null = null
  private capturing = false
  private phonetic = 0

  constructor(private readonly limits: ImportLimits) {}

  open(name: string): void {
    if (name === "si") {
      this.current = ""
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
      this.keep(this.current)
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
    if (!(index >= 0 && index < this.size)) {
      return undefined
    }
    const at = this.starts[index]
    const length = this.lengths[index]
    const bytes = length & ~WIDE
    const from = at & (BLOCK - 1)
    return this.blocks[at >>> BLOCK_BITS].toString(length & WIDE ? "utf16le" : "latin1", from, from + bytes)
  }

  private keep(text: string): void {
    const wide = NOT_LATIN1.test(text)
    const bytes = wide ? text.length * 2 : text.length
    if (this.writeAt + bytes > BLOCK) {
      // A string longer than a block (only with a cell limit above ~500,000 characters) gets a block of its own.
      this.blocks.push(Buffer.allocUnsafe(Math.max(BLOCK, bytes)))
      this.writeAt = 0
    }
    const block = this.blocks.length - 1
    this.blocks[block].write(text, this.writeAt, wide ? "utf16le" : "latin1")
    if (this.size === this.starts.length) {
      const capacity = Math.ceil(this.size * 1.5)
      const starts = new Uint32Array(capacity)
      starts.set(this.starts)
      this.starts = starts
      const lengths = new Uint32Array(capacity)
      lengths.set(this.lengths)
      this.lengths = lengths
    }
    this.starts[this.size] = block * BLOCK + this.writeAt
    this.lengths[this.size] = wide ? bytes | WIDE : bytes
    this.size++
    // A block of its own is full.
    this.writeAt = bytes > BLOCK ? BLOCK : this.writeAt + bytes
  }
}

/** The calendar date (YYYY-MM-DD) of an Excel serial day number. */
export const excelDateText = (serial: number, date1904: boolean): string => {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30)
  const date = new Date(epoch + Math.round(serial * 86_400_000))
  return Number.isNaN(date.getTime()) ? String(serial) : date.toISOString().slice(0, 10)
}
