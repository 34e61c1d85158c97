import { parseCodesCsv, parseCodesFile } from "../code-file"
import { DEFAULT_IMPORT_LIMITS, resolveImportLimits, utf16Length } from "../code-file-limits"
import { EngineError } from "../errors"

const READERS = ["auto", "csv-parse"] as const

const errorOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError)
    expect((error as EngineError).field).toBe("file")
    return (error as Error).message
  }
  throw new Error("expected an EngineError")
}

const csv = (text: string, reader: (typeof READERS)[number], limits = {}) =>
  parseCodesCsv(Buffer.from(text, "utf8"), { reader, limits })

describe("resolveImportLimits", () => {
  it("fills in the defaults key by key", () => {
    expect(resolveImportLimits(undefined)).toEqual({
      maxRows: 2_000_000,
      maxCellChars: 32_767,
      maxUncompressedBytes: 256 * 1024 * 1024,
      maxSharedStringsBytes: 100 * 1024 * 1024,
    })
    expect(resolveImportLimits({ maxRows: 10 })).toEqual({ ...DEFAULT_IMPORT_LIMITS, maxRows: 10 })
  })

  it("refuses limits that are not positive whole numbers", () => {
    expect(() => resolveImportLimits({ maxCellChars: 0 })).toThrow("importLimits.maxCellChars must be a positive whole number, got 0")
    expect(() => resolveImportLimits({ maxRows: 1.5 })).toThrow(RangeError)
  })
})

describe.each(READERS)("parseCodesCsv within the import limits (%s reader)", (reader) => {
  it("refuses more rows than maxRows, counting the header and blank lines as spreadsheet rows", async () => {
    const three = "code\nABCD1234\nEFGH5678\n"
    expect((await csv(three, reader, { maxRows: 3 })).codes).toEqual(["ABCD1234", "EFGH5678"])
    expect((await csv(three.trimEnd(), reader, { maxRows: 3 })).codes).toEqual(["ABCD1234", "EFGH5678"])
    expect(await errorOf(csv(`${three}\n`, reader, { maxRows: 3 }))).toBe(
      "The file has more than 3 rows; split it into smaller files"
    )
    expect(await errorOf(csv("code\r\nABCD1234\r\nEFGH5678\r\n", reader, { maxRows: 2 }))).toBe(
      "The file has more than 2 rows; split it into smaller files"
    )
  })

  it("refuses a cell longer than maxCellChars in any column, header included, naming its row", async () => {
    const long = "x".repeat(101)
    const message = (row: number) => `The file has a cell longer than 100 characters (row ${row})`
    expect(await errorOf(csv(`code\nABCD1234\n${long}\n`, reader, { maxCellChars: 100 }))).toBe(message(3))
    expect(await errorOf(csv(`code,note\nABCD1234,${long}\n`, reader, { maxCellChars: 100 }))).toBe(message(2))
    expect(await errorOf(csv(`code,${long}\nABCD1234,x\n`, reader, { maxCellChars: 100 }))).toBe(message(1))
    expect((await csv(`code,note\nABCD1234,${"x".repeat(100)}\n`, reader, { maxCellChars: 100 })).codes).toEqual([
      "ABCD1234",
    ])
  })

  it("counts a cell's characters, not its bytes", async () => {
    // 100 characters, 200 bytes in UTF-8.
    const parsed = await csv(`code\n${"é".repeat(100)}\n`, reader, { maxCellChars: 100 })
    expect(parsed.codes).toEqual(["é".repeat(100)])
    expect(await errorOf(csv(`code\n${"é".repeat(101)}\n`, reader, { maxCellChars: 100 }))).toBe(
      "The file has a cell longer than 100 characters (row 2)"
    )
  })

  it("refuses a row of many cells past four times the cell limit", async () => {
    const cells = Array.from({ length: 5 }, () => "y".repeat(90)).join(",")
    expect(await errorOf(csv(`code,a,b,c,d,e\nABCD1234,${cells}\n`, reader, { maxCellChars: 100 }))).toBe(
      "The file has a row longer than 400 bytes (row 2)"
    )
  })
})

describe("CSV limits where the two readers meet hostile files", () => {
  it("refuses a 10 MB cell, quoted or not, before holding more than a row's worth of it", async () => {
    const cell = "A".repeat(10 * 1000 * 1000)
    for (const text of [`code\n${cell}\n`, `code\n"${cell}"\n`]) {
      expect(await errorOf(parseCodesCsv(Buffer.from(text)))).toBe(
        "The file has a cell longer than 32,767 characters (row 2)"
      )
    }
  })

  it("refuses a file of millions of rows before sizing anything for them", async () => {
    const rows = Buffer.from("code\n" + "A\n".repeat(3_000_000))
    const rssBefore = process.memoryUsage().rss
    expect(await errorOf(parseCodesFile(rows, "rows.csv"))).toBe(
      "The file has more than 2,000,000 rows; split it into smaller files"
    )
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(20 * 1024 * 1024)
  })

  it("utf16Length counts what String#length counts", () => {
    for (const text of ["plain", "é", "日本", "😀x", ""]) {
      const bytes = Buffer.from(text, "utf8")
      expect(utf16Length(bytes, 0, bytes.length)).toBe(text.length)
    }
  })
})
