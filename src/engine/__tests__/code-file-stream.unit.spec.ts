import { mkdtempSync, rmSync, writeFileSync } from "fs"
import { tmpdir } from "os"
import path from "path"
import ExcelJS from "exceljs"
import { checkCodesFile, parseCodesFile, validateParsedCodes } from "../code-file"
import { PackedCodes } from "../code-file/packed-codes"
import { bufferSource, FileSource, openFileSource } from "../file-source"
import { PackedStrings } from "../packed-strings"
import { readZipEntries, readZipEntriesFrom } from "../zip-entries"

/**
 * The bytes of `buffer` served `size` at a time: every chunk boundary a reader can meet. Asked to reuse its buffer, it
 * scribbles over the last chunk before serving the next, so a reader that kept part of one would read garbage.
 */
const tinyChunks = (buffer: Buffer, size: number): FileSource => ({
  ...bufferSource(buffer),
  async *chunks(_chunkSize?: number, reuse = false) {
    const shared = Buffer.alloc(size)
    for (let at = 0; at < buffer.length; at += size) {
      const part = buffer.subarray(at, at + size)
      if (reuse) {
        shared.fill("Q")
        part.copy(shared)
        yield shared.subarray(0, part.length)
      } else {
        yield Buffer.from(part)
      }
    }
  },
})

type Outcome = { error: string } | Record<string, unknown>

/** What the whole-buffer path (parseCodesFile + validateParsedCodes) makes of a file, in checkCodesFile's terms. */
const reference = async (buffer: Buffer, name?: string, limits = {}): Promise<Outcome> => {
  try {
    const check = validateParsedCodes(await parseCodesFile(buffer, name, limits))
    if (!check.ok) {
      return { problems: check.problems, problemCount: check.problemCount }
    }
    return { sorted: check.sorted, expires: check.sorted_expires_at, codes: check.codes, rows: check.rows }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

const streamed = async (source: FileSource, name?: string, limits = {}): Promise<Outcome> => {
  try {
    const check = await checkCodesFile(source, name, limits)
    if (!check.ok) {
      return { problems: check.problems, problemCount: check.problemCount }
    }
    const sorted = Array.from({ length: check.sorted.size }, (_, i) => check.sorted.code(i))
    const { codes, rows } = check.inFileOrder(0, check.size)
    return { sorted, expires: check.sortedExpiresAt, codes, rows }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

const FILES: [string, string | Buffer][] = [
  ["clean LF", "code\nABCD1234\nEFGH5678\nzzzz9999\n"],
  ["CRLF, blank rows, no last line end", "code\r\nabcd1234\r\n\r\nEFGH5678\r\n ijkl-0000 "],
  ["lone CR", "code\rABCD1234\rEFGH5678\r"],
  ["BOM and semicolons", "\ufeffname;code\nAnn;ABCD1234\nBob;EFGH5678\n"],
  ["problems", "code,name\nABCD1234,a\nab,b\nEFGH5678,c\n abcd1234 ,d\n,e\nbad code,f\nEFGH5678,g\n"],
  ["quoted", 'code\n"ABCD1234"\n="00123456"\n"EF,GH"\n'],
  ["expiries", "code,expires_at\nzzzz9999,2031-06-30\nAAAA2222,\nmmmm5555,2031-06-30T12:00:00+02:00\n"],
  ["bad expiries", "code,expires_at\nzzzz9999,31/12/2031\nab,2031-01-01T10:00\nAAAA2222,2031-02-30\n"],
  ["mixed lengths", "code\nABCD\nABCDE\nABC-DEF-123\nABCD\nAB12\nABCD_1\n"],
  ["no header", "ABCD1234\nEFGH5678\n"],
  ["header only", "code\n"],
  ["empty", ""],
  ["utf-16", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("code\r\nABCD1234\r\nÉFGH5678\r\n", "utf16le")])],
]

describe("checkCodesFile", () => {
  it.each(FILES)("gives what parseCodesFile and validateParsedCodes give (%s), in chunks of any size", async (_, content) => {
    const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8")
    const expected = await reference(buffer)
    expect(await streamed(bufferSource(buffer))).toEqual(expected)
    for (const size of [1, 2, 3, 7]) {
      expect(await streamed(tinyChunks(buffer, size))).toEqual(expected)
    }
  })

  it("refuses long cells and rows as the whole-buffer reader does, wherever the chunks end", async () => {
    const limits = { maxCellChars: 10 }
    const files = [
      `code\nABCD1234\n${"X".repeat(30)}\nEFGH5678\n`,
      `code,a,b,c,d,e\nABCD1234,${"1234567890,".repeat(5)}\n`,
      `code\r\nABCD1234\r\n${"Y".repeat(11)}\r\n`,
      `code\r\nABCD1234\r\nAB\rCD\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r`,
      `code\n${"Z".repeat(100)}`,
      `code\n${"é".repeat(50)}\n`,
    ]
    for (const text of files) {
      const buffer = Buffer.from(text, "utf8")
      const expected = await reference(buffer, undefined, limits)
      expect(expected).toHaveProperty("error")
      for (const size of [1, 3, 5, 64]) {
        expect(await streamed(tinyChunks(buffer, size), undefined, limits)).toEqual(expected)
      }
    }
  })

  it("refuses a file past the row limit before reading its rows", async () => {
    const buffer = Buffer.from(`code\n${"X\n".repeat(10)}`)
    const expected = await reference(buffer, undefined, { maxRows: 5 })
    expect(expected).toEqual({ error: "The file has more than 5 rows; split it into smaller files" })
    expect(await streamed(tinyChunks(buffer, 3), undefined, { maxRows: 5 })).toEqual(expected)
  })

  it("reads an .xlsx from disk where its zip directory says, as from memory", async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet("Codes")
    sheet.addRow(["code", "expires_at"])
    sheet.addRow(["abcd1234", "2031-01-01"])
    sheet.addRow([12345678, null])
    sheet.addRow(["EFGH5678", null])
    sheet.addRow(["EFGH5678", null])
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
    const dir = mkdtempSync(path.join(tmpdir(), "codes-"))
    try {
      const file = path.join(dir, "codes.xlsx")
      writeFileSync(file, buffer)
      const source = await openFileSource(file)
      try {
        expect([...(await readZipEntriesFrom(source)).values()]).toEqual([...readZipEntries(buffer).values()])
        const expected = await reference(buffer, "codes.xlsx")
        expect(expected).toHaveProperty("problemCount", 1)
        expect(await streamed(source, "codes.xlsx")).toEqual(expected)
      } finally {
        await source.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("PackedCodes", () => {
  it("sorts like a string sort, keeps rows, and switches to a start per code at a second length", () => {
    const codes = ["MMMM", "AAAA1", "ZZZZ", "AAAA", "AAAA-9", "B1B1", "AAAA", "A_AA", "A-AA"]
    for (let i = 0; i < 300; i++) {
      codes.push(`C${(i * 7919) % 1000}X`.padEnd(5 + (i % 3), "Q"))
    }
    const packed = new PackedCodes(4)
    codes.forEach((code, i) => packed.add(code, i === 3 ? 40 : i + 2))
    const order = packed.sortedOrder()
    expect(Array.from(order, (i) => packed.code(i))).toEqual(codes.slice().sort())
    expect(packed.row(2)).toBe(4)
    expect(packed.row(3)).toBe(40)
    expect(packed.same(3, 6)).toBe(true)
    const target = Buffer.alloc(8)
    expect(packed.write(4, target, 1)).toBe(7)
    expect(target.toString("latin1", 1, 7)).toBe("AAAA-9")
  })

  it("sorts a large set of one length", () => {
    const codes = Array.from({ length: 50_000 }, (_, i) => ((i * 2654435761) % 2 ** 32).toString(36).toUpperCase().padStart(7, "0"))
    const packed = new PackedCodes()
    codes.forEach((code, i) => packed.add(code, i + 2))
    const sorted = packed.sortedCodes(packed.sortedOrder())
    expect(Array.from({ length: sorted.size }, (_, i) => sorted.code(i))).toEqual(codes.slice().sort())
  })
})

describe("PackedStrings", () => {
  it("reads back every string exactly: one width, then others, wide characters, long and empty ones", () => {
    const texts = ["code", "ABCD", "WXYZ", "código", "コード", "\ud800", "", "x".repeat(300), "é1é2", "ABCD"]
    for (let i = 0; i < 40_000; i++) {
      texts.push(i % 9 === 0 ? `Ω${i}` : `K${i}`.padStart(6, "0"))
    }
    const strings = new PackedStrings(2)
    texts.forEach((text) => strings.push(text))
    expect(strings.size).toBe(texts.length)
    expect(Array.from({ length: strings.size }, (_, i) => strings.get(i))).toEqual(texts)
  })

  it("keeps a first string kept aside from breaking strings of one width", () => {
    const texts = ["コード", ...Array.from({ length: 20_000 }, (_, i) => `C${String(i).padStart(7, "0")}`)]
    const strings = new PackedStrings()
    texts.forEach((text) => strings.push(text))
    expect(Array.from({ length: strings.size }, (_, i) => strings.get(i))).toEqual(texts)
  })
})
