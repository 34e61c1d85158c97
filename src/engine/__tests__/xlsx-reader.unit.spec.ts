import archiver from "archiver"
import { readdirSync } from "fs"
import { tmpdir } from "os"
import { PassThrough } from "stream"
import {
  excelLayoutXlsx,
  oneHugeCellXlsx,
  repeated,
  sharedStringsXml,
  sheetXml,
  workbookParts,
  ZipPart,
  zipParts,
} from "../../../integration-tests/helpers/xlsx-files"
import { parseCodesXlsx } from "../code-file"
import { DamagedFileError, DEFAULT_IMPORT_LIMITS, ImportLimits } from "../code-file-limits"
import { EngineError } from "../errors"
import { attribute, decodeXmlText, XmlScanner } from "../xml-scanner"
import { inflateZipEntry, readZipEntries } from "../zip-entries"

const DAMAGED = "The Excel file could not be read; it may be damaged"

/** A workbook around `rows` (the sheet's `<row>` elements) and `strings` (`<si>` elements), sheet first. */
const workbook = (rows: string, strings?: string, extra: ZipPart[] = []) =>
  zipParts([
    ...workbookParts(),
    { name: "xl/worksheets/sheet1.xml", data: sheetXml(rows) },
    ...(strings === undefined ? [] : [{ name: "xl/sharedStrings.xml", data: sharedStringsXml(strings) }]),
    ...extra,
  ])

const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>'

const errorOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError)
    return (error as Error).message
  }
  throw new Error("expected an EngineError")
}

const limits = (over: Partial<ImportLimits>): ImportLimits => ({ ...DEFAULT_IMPORT_LIMITS, ...over })

describe("readZipEntries and inflateZipEntry", () => {
  const budget = (remaining: number) => ({
    remaining,
    onExceeded: (_: unknown, limit: string) => new EngineError("file", `over the ${limit} limit`),
  })
  const inflateAll = async (file: Buffer, name: string, remaining = Infinity, maxBytes?: number) => {
    const chunks: Buffer[] = []
    for await (const chunk of inflateZipEntry(file, readZipEntries(file).get(name)!, budget(remaining), maxBytes)) {
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString()
  }

  it("finds parts through the central directory and inflates them", async () => {
    const file = await zipParts([{ name: "a.xml", data: "<a>one</a>" }, { name: "b.xml", data: "<b>two</b>" }])
    expect([...readZipEntries(file).keys()]).toEqual(["a.xml", "b.xml"])
    expect(await inflateAll(file, "b.xml")).toBe("<b>two</b>")
  })

  it("counts what actually inflates: a part whose declared sizes lie is stopped at the limit", async () => {
    const file = await zipParts([{ name: "big.xml", data: () => repeated("x", 10_000_000) }])
    // Both headers claim 10 bytes unpacked.
    file.writeUInt32LE(10, 22)
    file.writeUInt32LE(10, file.length - 22 - (46 + "big.xml".length) + 24)
    expect(await errorOf(inflateAll(file, "big.xml", 1_000_000))).toBe("over the total limit")
    expect(await errorOf(inflateAll(file, "big.xml", Infinity, 1_000_000))).toBe("over the entry limit")
  })

  it("shares one budget between the parts of a file", async () => {
    const file = await zipParts([
      { name: "a.xml", data: () => repeated("a", 600_000) },
      { name: "b.xml", data: () => repeated("b", 600_000) },
    ])
    const shared = budget(1_000_000)
    const drain = async (name: string) => {
      for await (const _ of inflateZipEntry(file, readZipEntries(file).get(name)!, shared)) {
        // the bytes themselves do not matter here
      }
    }
    await drain("a.xml")
    expect(shared.remaining).toBe(400_000)
    expect(await errorOf(drain("b.xml"))).toBe("over the total limit")
  })

  it("reads zip64 directories (some writers always write them)", async () => {
    const archive = archiver("zip", { forceZip64: true })
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on("data", (chunk: Buffer) => chunks.push(chunk))
    archive.pipe(out)
    archive.append("<a>zip64</a>", { name: "a.xml" })
    await archive.finalize()
    const file = Buffer.concat(chunks)
    expect(await inflateAll(file, "a.xml")).toBe("<a>zip64</a>")
  })

  it("refuses what it cannot read as damaged, saying why", async () => {
    const file = await zipParts([{ name: "a.xml", data: "<a/>" }])
    expect(() => readZipEntries(file.subarray(0, file.length - 30))).toThrow(DamagedFileError)
    const encrypted = Buffer.from(file)
    encrypted.writeUInt16LE(1, file.length - 22 - (46 + 5) + 8)
    await expect(inflateAll(encrypted, "a.xml")).rejects.toThrow("a.xml is encrypted")
    const unknownMethod = Buffer.from(file)
    unknownMethod.writeUInt16LE(14, file.length - 22 - (46 + 5) + 10)
    await expect(inflateAll(unknownMethod, "a.xml")).rejects.toThrow("compression method 14, which is not supported")
  })
})

describe("XmlScanner", () => {
  type Event = [string, string, boolean?]
  const scan = (chunks: string[], maxText = 1000) => {
    const events: Event[] = []
    const scanner = new XmlScanner(
      {
        open: (name, tag) => events.push(["open", `${name} ${attribute(tag, "r") ?? ""}`.trim()]),
        close: (name) => events.push(["close", name]),
        text: (raw, cdata) => events.push(["text", raw, cdata]),
      },
      { maxText, textTooLong: () => new EngineError("file", "text too long") }
    )
    for (const chunk of chunks) {
      scanner.write(chunk)
    }
    scanner.end()
    return events
  }

  it("reads tags, attributes, text, CDATA, comments and declarations, split anywhere between chunks", () => {
    const xml = `<?xml version="1.0"?><x:row r="7" x:a='1>2'><!-- note --><c r="A7"/>a &amp; b<![CDATA[<raw>]]></x:row>`
    const whole = scan([xml])
    expect(whole).toEqual([
      ["open", "row 7"],
      ["open", "c A7"],
      ["close", "c"],
      ["text", "a &amp; b", false],
      ["text", "<raw>", true],
      ["close", "row"],
    ])
    for (let at = 1; at < xml.length; at++) {
      expect(scan([xml.slice(0, at), xml.slice(at)])).toEqual(whole)
    }
  })

  it("refuses a text run past its limit while it streams in, holding no more than the limit", () => {
    const scanner = new XmlScanner(
      { open: () => undefined, close: () => undefined, text: () => undefined },
      { maxText: 1000, textTooLong: () => new EngineError("file", "text too long") }
    )
    scanner.write("<a>")
    scanner.write("x".repeat(600))
    expect(() => scanner.write("x".repeat(600))).toThrow("text too long")
    expect(() => scan([`<a><![CDATA[${"x".repeat(2000)}]]></a>`])).toThrow("text too long")
    expect(() => scan([`<a><!--${"x".repeat(2000)}--></a>`])).toThrow("text too long")
  })

  it("refuses document type declarations, endless tags and unknown entities", () => {
    expect(() => scan(['<!DOCTYPE x [<!ENTITY a "b">]><x/>'])).toThrow(DamagedFileError)
    expect(() => scan([`<a b="${"x".repeat(70_000)}`])).toThrow("an XML tag is longer than 65,536 characters")
    expect(() => scan(["<a>"])).not.toThrow()
    expect(() => scan(["<a"])).toThrow("an XML part ends in the middle of a tag")
    expect(decodeXmlText("&lt;&#65;&#x42;&quot;&apos;&gt;&amp;")).toBe(`<AB"'>&`)
    expect(() => decodeXmlText("&bogus;")).toThrow('the XML has an unknown entity "&bogus;"')
    expect(() => decodeXmlText("a & b")).toThrow(DamagedFileError)
  })

  it("finds attributes by local name, in order, never inside another name or a value", () => {
    const tag = `<sheet xr:uid="{1}" name="r=&quot;no&quot;" sheetId="2" r:id="rId3">`
    expect(attribute(tag, "id")).toBe("rId3")
    expect(attribute(tag, "r")).toBeUndefined()
    expect(attribute(tag, "name")).toBe("r=&quot;no&quot;")
  })
})

describe("parseCodesXlsx within the import limits", () => {
  it("refuses a shared string past maxCellChars before holding it, however it is compressed", async () => {
    const bomb = await oneHugeCellXlsx(50_000_000)
    const rssBefore = process.memoryUsage().rss
    expect(await errorOf(parseCodesXlsx(bomb))).toBe("The file has a cell longer than 32,767 characters")
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(50 * 1024 * 1024)
    expect(await errorOf(parseCodesXlsx(await oneHugeCellXlsx(101), { maxCellChars: 100 }))).toBe(
      "The file has a cell longer than 100 characters"
    )
    const rich = `<si><r><t>${"a".repeat(60)}</t></r><r><t>${"b".repeat(60)}</t></r></si>`
    const richFile = await workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', rich)
    expect(await errorOf(parseCodesXlsx(richFile, { maxCellChars: 100 }))).toBe(
      "The file has a cell longer than 100 characters"
    )
  })

  it("refuses an inline cell past maxCellChars naming its row, and counts characters, not bytes or entities", async () => {
    const cell = (text: string) => workbook(`${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>${text}</t></is></c></row>`)
    expect(await errorOf(parseCodesXlsx(await cell("x".repeat(101)), { maxCellChars: 100 }))).toBe(
      "The file has a cell longer than 100 characters (row 2)"
    )
    const hundred = await parseCodesXlsx(await cell("&amp;".repeat(50) + "é".repeat(50)), { maxCellChars: 100 })
    expect(hundred.codes).toEqual(["&".repeat(50) + "é".repeat(50)])
  })

  it("refuses parts that unpack past maxUncompressedBytes, or shared strings past maxSharedStringsBytes", async () => {
    const padded = await workbook(`${HEADER}<row r="2"><c r="A2"><v>12345678</v></c></row>${" ".repeat(200_000)}`, "<si><t>x</t></si>")
    expect((await parseCodesXlsx(padded)).codes).toEqual(["12345678"])
    expect(await errorOf(parseCodesXlsx(padded, { maxUncompressedBytes: 100_000 }))).toBe(
      "The Excel file unpacks to more than 100,000 bytes; split it into smaller files"
    )
    const strings = "<si><t>x</t></si>".repeat(10_000)
    const manyStrings = await workbook(`${HEADER}<row r="2"><c r="A2"><v>12345678</v></c></row>`, strings)
    expect(await errorOf(parseCodesXlsx(manyStrings, { maxSharedStringsBytes: 64 * 1024 }))).toBe(
      "The Excel file's shared text unpacks to more than 64 KB; split it into smaller files"
    )
  })

  it("refuses a row numbered past maxRows, even when the rows before it are missing", async () => {
    const file = await workbook(`${HEADER}<row r="2"><c r="A2"><v>12345678</v></c></row><row r="2000001"/>`)
    expect(await errorOf(parseCodesXlsx(file))).toBe("The file has more than 2,000,000 rows; split it into smaller files")
    expect((await parseCodesXlsx(file, { maxRows: 2_000_001 })).codes).toEqual(["12345678"])
  })

  it("writes no temporary file, whatever the zip's order and however the read ends", async () => {
    const ours = () => readdirSync(tmpdir()).filter((name) => name.includes(`-${process.pid}-`))
    const before = ours()
    const rows = Array.from({ length: 2000 }, (_, i) => [`SHEET${10_000 + i}`])
    const sheetFirst = await excelLayoutXlsx([["code"], ...rows])
    expect((await parseCodesXlsx(sheetFirst)).codes).toHaveLength(2000)
    expect(await errorOf(parseCodesXlsx(sheetFirst, { maxRows: 100 }))).toMatch(/^The file has more than 100 rows/)
    const damaged = await workbook(HEADER, "<si><t>&bogus;</t></si>")
    expect(await errorOf(parseCodesXlsx(damaged))).toBe(`${DAMAGED} (the XML has an unknown entity "&bogus;")`)
    expect(ours()).toEqual(before)
  })
})

describe("parseCodesXlsx reads what spreadsheet programs write", () => {
  it("joins rich text runs, leaves phonetic guides out, and reads inline strings", async () => {
    const file = await workbook(
      `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>` +
        `<row r="3"><c r="A3" t="inlineStr"><is><r><t>INL</t></r><r><t>INE1</t></r></is></c></row>`,
      `<si><t>code</t></si><si><r><t>RI</t></r><r><rPr><b/></rPr><t xml:space="preserve">CH01</t></r><rPh><t>ふり</t></rPh></si>`
    )
    expect(await parseCodesXlsx(file)).toEqual({ codes: ["RICH01", "INLINE1"], rows: [2, 3], unreadable: [] })
  })

  it("reads cells without references, prefixed element names and formula results of every type", async () => {
    const file = await workbook(
      `<x:row r="1"><x:c t="inlineStr"><x:is><x:t>code</x:t></x:is></x:c></x:row>` +
        `<row><c t="str"><f>CONCAT("A","BCD1")</f><v>ABCD1</v></c></row>` +
        `<row><c t="b"><f>1=1</f><v>1</v></c></row>` +
        `<row><c t="e"><f>1/0</f><v>#DIV/0!</v></c></row>` +
        `<row><c t="d"><v>2024-01-05T00:00:00</v></c></row>`
    )
    expect(await parseCodesXlsx(file)).toEqual({
      codes: ["ABCD1", "TRUE"],
      rows: [2, 3],
      unreadable: [
        { kind: "unreadable", code: "#DIV/0!", rows: [4], reason: "is an Excel error value" },
        { kind: "unreadable", code: "2024-01-05", rows: [5], reason: expect.stringMatching(/^is a date/) },
      ],
    })
  })

  it("tells dates by built-in and custom formats, counting from 1904 when the workbook says so", async () => {
    const styles = {
      name: "xl/styles.xml",
      data:
        `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd&quot;/&quot;mm"/></numFmts>` +
        `<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>` +
        `<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="49"/></cellXfs></styleSheet>`,
    }
    const rows =
      `${HEADER}<row r="2"><c r="A2" s="1"><v>45296</v></c></row><row r="3"><c r="A3" s="2"><v>45296</v></c></row>` +
      `<row r="4"><c r="A4" s="3"><v>45296</v></c></row><row r="5"><c r="A5" s="0"><v>45296</v></c></row>`
    const file = await workbook(rows, undefined, [styles])
    const parsed = await parseCodesXlsx(file)
    expect(parsed.codes).toEqual(["45296", "45296"])
    expect(parsed.unreadable.map((problem) => [problem.rows[0], problem.code])).toEqual([
      [2, "2024-01-05"],
      [3, "2024-01-05"],
    ])
    const parts = workbookParts().map((part) =>
      part.name === "xl/workbook.xml"
        ? { ...part, data: String(part.data).replace("<sheets>", '<workbookPr date1904="1"/><sheets>') }
        : part
    )
    const mac = await zipParts([...parts, { name: "xl/worksheets/sheet1.xml", data: sheetXml(rows) }, styles])
    expect((await parseCodesXlsx(mac)).unreadable[0].code).toBe("2028-01-06")
  })

  it("refuses rows out of order and cells past Excel's last column as damaged", async () => {
    const backwards = await workbook(`${HEADER}<row r="3"/><row r="2"/>`)
    expect(await errorOf(parseCodesXlsx(backwards))).toBe(`${DAMAGED} (row 2 comes after row 3)`)
    const wide = await workbook(`${HEADER}<row r="2"><c r="XFE2"><v>1</v></c></row>`)
    expect(await errorOf(parseCodesXlsx(wide))).toBe(`${DAMAGED} (cell XFE2 is outside Excel's 16,384 columns)`)
  })
})
