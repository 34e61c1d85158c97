import ExcelJS from "exceljs"
// exceljs's own zip library, used only to lay a workbook out the way other spreadsheet programs do.
import JSZip from "jszip"
import {
  buildCodesXlsxTemplate,
  CodeProblem,
  CODES_CSV_TEMPLATE,
  describeProblems,
  detectCodeFileFormat,
  DUPLICATE_REASON,
  MISSING_HEADER_MESSAGE,
  NO_CODES_MESSAGE,
  ParsedCodes,
  parseCodesCsv,
  parseCodesFile,
  parseCodesXlsx,
  TWO_CODE_COLUMNS_MESSAGE,
  validateParsedCodes,
} from "../code-file"
import { generateCodes, resolvePattern } from "../codes"
import { csvRow } from "../csv-out"
import { EngineError } from "../errors"

const csv = (text: string) => parseCodesCsv(Buffer.from(text, "utf8"))

/** Awaits `promise`, expecting an EngineError on `file`; returns its message. */
const fileErrorOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError)
    expect((error as EngineError).field).toBe("file")
    return (error as EngineError).message
  }
  throw new Error("expected an EngineError")
}

const fileErrorOfSync = (fn: () => unknown): string => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError)
    expect((error as EngineError).field).toBe("file")
    return (error as EngineError).message
  }
  throw new Error("expected an EngineError")
}

const parsed = (codes: string[], rows = codes.map((_, i) => i + 2), unreadable: CodeProblem[] = []): ParsedCodes => ({
  codes,
  rows,
  unreadable,
})

describe("parseCodesCsv", () => {
  it("reads the code column, numbering rows like a spreadsheet (header = row 1)", async () => {
    expect(await csv("code\nABCD1234\nEFGH5678\n")).toEqual({
      codes: ["ABCD1234", "EFGH5678"],
      rows: [2, 3],
      unreadable: [],
    })
  })

  it("keeps codes as found; normalization belongs to validation", async () => {
    expect((await csv("code\n abcd1234 \n")).codes).toEqual([" abcd1234 "])
  })

  it("handles a UTF-8 BOM and CRLF line ends", async () => {
    const parsedFile = await parseCodesCsv(Buffer.from("\ufeffcode\r\nABCD1234\r\nEFGH5678\r\n", "utf8"))
    expect(parsedFile).toEqual({ codes: ["ABCD1234", "EFGH5678"], rows: [2, 3], unreadable: [] })
  })

  it("handles old Mac CR line ends and a missing final line end", async () => {
    expect(await csv("code\rABCD1234\rEFGH5678")).toMatchObject({ codes: ["ABCD1234", "EFGH5678"], rows: [2, 3] })
  })

  it("reads Excel's UTF-16 'Unicode text' (BOM, tab-separated)", async () => {
    const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name\tcode\r\nÅsa\tABCD1234\r\n", "utf16le")])
    expect(await parseCodesCsv(buffer)).toMatchObject({ codes: ["ABCD1234"], rows: [2] })
  })

  it("unquotes quoted values, including doubled quotes and embedded delimiters", async () => {
    expect((await csv('"code","note"\n"ABCD1234","a, b"\n"AB,CD","x"\n"ABCD""1",y\n')).codes).toEqual([
      "ABCD1234",
      "AB,CD",
      'ABCD"1',
    ])
  })

  it("keeps a stray quote inside an unquoted value (validation then reports it)", async () => {
    expect((await csv('code\nAB"CD\n')).codes).toEqual(['AB"CD'])
  })

  it("counts a quoted value spanning lines as one row", async () => {
    expect(await csv('note,code\n"line 1\nline 2",ABCD1234\nx,EFGH5678\n')).toMatchObject({
      codes: ["ABCD1234", "EFGH5678"],
      rows: [2, 3],
    })
  })

  it("skips blank lines and rows of empty cells, yet counts them as rows", async () => {
    expect(await csv("code,note\n\nABCD1234,x\n,\n  \n , \nEFGH5678\n\n\n")).toMatchObject({
      codes: ["ABCD1234", "EFGH5678"],
      rows: [3, 7],
    })
  })

  it("ignores other columns and finds the header in any position, any case, padded", async () => {
    expect(await csv("Name, CODE ,email\nAnn,abcd1234,ann@example.com\nBob,EFGH5678\n")).toMatchObject({
      codes: ["abcd1234", "EFGH5678"],
      rows: [2, 3],
    })
  })

  it("keeps a row whose code cell is blank but whose other cells are not (reported as empty)", async () => {
    const file = await csv("name,code\nAnn,\nBob,ABCD1234\n")
    expect(file).toMatchObject({ codes: ["", "ABCD1234"], rows: [2, 3] })
    const check = validateParsedCodes(file)
    expect(check).toEqual({
      ok: false,
      problems: [{ kind: "invalid", code: "", rows: [2], reason: "is empty" }],
      problemCount: 1,
    })
  })

  it("takes the delimiter from the header line: semicolons from Excel in comma-decimal locales", async () => {
    expect(await csv("name;code\nAnn;abcd1234\n")).toMatchObject({ codes: ["abcd1234"] })
    expect(await csv("name\tcode\nAnn\tabcd1234\n")).toMatchObject({ codes: ["abcd1234"] })
    expect(await csv('"Name, full";code\r"Smith, Ann";abcd1234\r')).toMatchObject({ codes: ["abcd1234"] })
  })

  it('unwraps Excel\'s ="00123" text cells', async () => {
    expect((await csv('code\n="00012345"\n"=""00067890"""\n')).codes).toEqual(["00012345", "00067890"])
  })

  it("refuses a file without a code header", async () => {
    expect(await fileErrorOf(csv("codes\nABCD1234\n"))).toBe(MISSING_HEADER_MESSAGE)
    expect(await fileErrorOf(csv("ABCD1234\nEFGH5678\n"))).toBe(MISSING_HEADER_MESSAGE)
    expect(await fileErrorOf(csv("name,email\nAnn,ann@example.com\n"))).toBe(MISSING_HEADER_MESSAGE)
    expect(MISSING_HEADER_MESSAGE).toBe('The file needs a header row with a "code" column')
  })

  it("refuses a header that is not in row 1", async () => {
    expect(await fileErrorOf(csv("\ncode\nABCD1234\n"))).toBe(MISSING_HEADER_MESSAGE)
  })

  it("refuses two code columns as ambiguous", async () => {
    expect(await fileErrorOf(csv("code,Code\nABCD1234,EFGH5678\n"))).toBe(TWO_CODE_COLUMNS_MESSAGE)
  })

  it("refuses a file without codes: header only, empty, blank lines only", async () => {
    expect(NO_CODES_MESSAGE).toBe("The file has no codes")
    expect(await fileErrorOf(csv("code\r\n"))).toBe(NO_CODES_MESSAGE)
    expect(await fileErrorOf(csv("code\n\n ,\n\n"))).toBe(NO_CODES_MESSAGE)
    expect(await fileErrorOf(csv(""))).toBe(NO_CODES_MESSAGE)
    expect(await fileErrorOf(csv("\n\n\n"))).toBe(NO_CODES_MESSAGE)
    expect(await fileErrorOf(csv(CODES_CSV_TEMPLATE))).toBe(NO_CODES_MESSAGE)
  })

  it("reports a broken CSV as unreadable with csv-parse's explanation", async () => {
    expect(await fileErrorOf(csv('code\n"ABCD1234\n'))).toMatch(/^The CSV file could not be read: .*[Qq]uote/)
  })

  it("reads back what csvRow writes", async () => {
    const codes = generateCodes(resolvePattern({ prefix: "X-" }), 50)
    const text = csvRow(["code", "note"]) + codes.map((code) => csvRow([code, "a, \"quoted\"\nnote"])).join("")
    expect((await csv(text)).codes).toEqual(codes)
  })

  describe("the quote-free fast path reads exactly what csv-parse reads", () => {
    // Each file has no quote character, so parseCodesCsv takes the fast path; reader "csv-parse" forces the other.
    const corpus: [string, string | Buffer][] = [
      ["LF", "code\nABCD1234\nEFGH5678\n"],
      ["CRLF, no final line end", "code\r\nABCD1234\r\nEFGH5678"],
      ["lone CR", "code\rABCD1234\rEFGH5678\r"],
      ["UTF-8 BOM", "\ufeffcode\nABCD1234\n"],
      ["UTF-16 with BOM, tabs", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("code\tnote\r\nABCD1234\tx\r\n", "utf16le")])],
      ["blank lines and rows of empty cells", "code,note\n\nABCD1234,a\n,\n , \nEFGH5678,b\n\n"],
      ["blank code cell with content elsewhere", "note,code\nhello,\n,ABCD1234\nx\n"],
      ["code column not first, padded header, any case", "a; Code ;b\n1;abcd1234;2\n3;EFGH5678\n"],
      ["ragged rows, extra columns", "code,a,b,c\nABCD1234\nEFGH5678,1,2,3,4,5\n"],
      ["mixed line ends: the first one wins", "code\nABCD1234\r\nEF\rGH\nIJKL5678\n"],
      ["CRLF file with a stray LF", "code\r\nABCD1234\nEFGH5678\r\n"],
      ["spaces, lower case, bad characters kept as found", "code\n ab cd \n\tEFGH\t\nß-1234\n=SUM(A1)\n"],
      ["header only", "code\n"],
      ["one line, no line end", "code"],
      ["empty header cell first", ",code\n,ABCD1234\n"],
    ]
    it.each(corpus)("%s", async (_name, text) => {
      const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8")
      expect(buffer.includes(0x22)).toBe(false)
      const outcome = (promise: Promise<unknown>) =>
        promise.then(
          (value) => ({ value }),
          (error) => ({ error: error instanceof EngineError ? error.message : String(error) })
        )
      const fast = await outcome(parseCodesCsv(buffer))
      const reference = await outcome(parseCodesCsv(buffer, { reader: "csv-parse" }))
      expect(fast).toEqual(reference)
    })

    it("a generated file of 20,000 codes with mixed cells", async () => {
      const codes = generateCodes(resolvePattern(), 20_000)
      const lines = codes.map((code, i) => (i % 7 === 0 ? `x,${code.toLowerCase()} ,` : i % 11 === 0 ? ",," : `,${code}`))
      const buffer = Buffer.from(`note,code,more\r\n${lines.join("\r\n")}\r\n`)
      expect(await parseCodesCsv(buffer)).toEqual(await parseCodesCsv(buffer, { reader: "csv-parse" }))
    })
  })

  it("perf sanity (not timed): 200,000 rows parse and validate", async () => {
    const codes = generateCodes(resolvePattern(), 200_000)
    const file = await parseCodesCsv(Buffer.from(`code\r\n${codes.join("\r\n")}\r\n`))
    expect(file.codes).toHaveLength(200_000)
    expect(file.rows[199_999]).toBe(200_001)
    const check = validateParsedCodes(file)
    expect(check.ok).toBe(true)
    // A plain comparison: toEqual on 200,000-element arrays would take longer than the parse.
    expect(check.ok && check.codes.every((code, i) => code === codes[i])).toBe(true)
  })
})

describe("validateParsedCodes", () => {
  it("returns the normalized codes with their rows", () => {
    expect(validateParsedCodes(parsed([" zzzz1234 ", "EFGH-5678", "ijkl_9012"], [2, 4, 5]))).toEqual({
      ok: true,
      codes: ["ZZZZ1234", "EFGH-5678", "IJKL_9012"],
      rows: [2, 4, 5],
      sorted: ["EFGH-5678", "IJKL_9012", "ZZZZ1234"],
    })
  })

  it("hands back the file's own array when every code is already in stored form", () => {
    const file = parsed(["ABCD1234", "EFGH-5678"])
    const check = validateParsedCodes(file)
    expect(check).toEqual({ ok: true, codes: ["ABCD1234", "EFGH-5678"], rows: [2, 3], sorted: ["ABCD1234", "EFGH-5678"] })
    expect(check.ok && check.codes).toBe(file.codes)
  })

  it("finds a repeat whose first occurrence was already in stored form", () => {
    expect(validateParsedCodes(parsed(["ABCD1234", "EFGH5678", "bad code", "abcd1234"]))).toEqual({
      ok: false,
      problemCount: 2,
      problems: [
        { kind: "duplicate", code: "ABCD1234", rows: [2, 5], reason: DUPLICATE_REASON },
        {
          kind: "invalid",
          code: "bad code",
          rows: [4],
          reason: 'contains a space; only letters A-Z, digits 0-9, "-" and "_" are allowed',
        },
      ],
    })
  })

  it("reports every invalid code with its row, the code as found and the reason", () => {
    const check = validateParsedCodes(
      parsed(["ABCD1234", "AB", "", "AB CD", "-ABCD", "A".repeat(65), "ABC.D", "EFGH5678"])
    )
    expect(check).toEqual({
      ok: false,
      problemCount: 6,
      problems: [
        { kind: "invalid", code: "AB", rows: [3], reason: "is shorter than 4 characters" },
        { kind: "invalid", code: "", rows: [4], reason: "is empty" },
        {
          kind: "invalid",
          code: "AB CD",
          rows: [5],
          reason: 'contains a space; only letters A-Z, digits 0-9, "-" and "_" are allowed',
        },
        { kind: "invalid", code: "-ABCD", rows: [6], reason: "must start with a letter or a digit" },
        { kind: "invalid", code: "A".repeat(65), rows: [7], reason: "is longer than 64 characters" },
        {
          kind: "invalid",
          code: "ABC.D",
          rows: [8],
          reason: 'contains "."; only letters A-Z, digits 0-9, "-" and "_" are allowed',
        },
      ],
    })
  })

  it("reports codes differing only by case or surrounding spaces as one duplicate with all its rows", () => {
    const check = validateParsedCodes(parsed(["abcd1234", " ABCD1234 ", "EFGH5678", "AbCd1234"]))
    expect(check).toEqual({
      ok: false,
      problemCount: 1,
      problems: [{ kind: "duplicate", code: "ABCD1234", rows: [2, 3, 5], reason: DUPLICATE_REASON }],
    })
    expect(DUPLICATE_REASON).toBe("is in the file more than once")
  })

  it("finds duplicates end to end from a CSV file", async () => {
    const check = validateParsedCodes(await csv("code\r\nabcd1234\r\nEFGH5678\r\n\r\n ABCD1234 \r\n"))
    expect(check).toEqual({
      ok: false,
      problemCount: 1,
      problems: [{ kind: "duplicate", code: "ABCD1234", rows: [2, 5], reason: DUPLICATE_REASON }],
    })
  })

  it("does not report an invalid code again as a duplicate", () => {
    const check = validateParsedCodes(parsed(["AB", "ab", "ABCD1234"]))
    expect(check.ok).toBe(false)
    expect(!check.ok && check.problems.map((problem) => problem.kind)).toEqual(["invalid", "invalid"])
  })

  it("orders problems of every kind by row, unreadable cells included", () => {
    const unreadable: CodeProblem = { kind: "unreadable", code: "2024-01-05", rows: [3], reason: "is a date" }
    const check = validateParsedCodes(parsed(["ABCD1234", "X", "ABCD1234", "abc!"], [2, 4, 5, 6], [unreadable]))
    expect(!check.ok && check.problems.map((problem) => [problem.kind, problem.rows[0]])).toEqual([
      ["duplicate", 2],
      ["unreadable", 3],
      ["invalid", 4],
      ["invalid", 6],
    ])
  })

  it("lists at most `maxProblems` problems (the first by row) but counts them all", () => {
    const codes = Array.from({ length: 50 }, (_, i) => (i % 2 ? `BAD ${i}` : `GOOD${String(i).padStart(4, "0")}`))
    codes.push("GOOD0000", "GOOD0002")
    const check = validateParsedCodes(parsed(codes), { maxProblems: 10 })
    expect(check.ok).toBe(false)
    if (!check.ok) {
      expect(check.problemCount).toBe(27)
      expect(check.problems).toHaveLength(10)
      expect(check.problems[0]).toMatchObject({ kind: "duplicate", code: "GOOD0000", rows: [2, 52] })
      expect(check.problems.map((problem) => problem.rows[0])).toEqual([2, 3, 4, 5, 7, 9, 11, 13, 15, 17])
    }
  })

  it("refuses a parse result without a single code", () => {
    expect(fileErrorOfSync(() => validateParsedCodes(parsed([])))).toBe(NO_CODES_MESSAGE)
  })
})

describe("describeProblems", () => {
  const invalid = (row: number, code = `BAD ${row}`): CodeProblem => ({
    kind: "invalid",
    code,
    rows: [row],
    reason: "contains a space",
  })

  it("names one problem with its row", () => {
    expect(describeProblems([{ kind: "invalid", code: "AB", rows: [2], reason: "is shorter than 4 characters" }])).toBe(
      'The file has 1 problem: row 2: "AB" is shorter than 4 characters'
    )
  })

  it("lists the rows of duplicates", () => {
    const duplicate = (rows: number[]): CodeProblem => ({ kind: "duplicate", code: "SALE-1", rows, reason: DUPLICATE_REASON })
    expect(describeProblems([duplicate([7, 12])])).toBe(
      'The file has 1 problem: rows 7 and 12: "SALE-1" is in the file more than once'
    )
    expect(describeProblems([duplicate([7, 12, 1500])])).toBe(
      'The file has 1 problem: rows 7, 12 and 1,500: "SALE-1" is in the file more than once'
    )
    expect(describeProblems([duplicate([2, 3, 4, 5, 6, 7, 8])])).toBe(
      'The file has 1 problem: rows 2, 3, 4, 5, 6 and 2 more: "SALE-1" is in the file more than once'
    )
  })

  it("joins several problems in order", () => {
    expect(describeProblems([invalid(2), invalid(9, "X Y")])).toBe(
      'The file has 2 problems: row 2: "BAD 2" contains a space; row 9: "X Y" contains a space'
    )
  })

  it("names the first 20 and counts the rest", () => {
    const problems = Array.from({ length: 25 }, (_, i) => invalid(i + 2))
    const message = describeProblems(problems)
    expect(message.startsWith("The file has 25 problems: row 2: ")).toBe(true)
    expect(message).toContain('row 21: "BAD 21" contains a space; and 5 more')
    expect(message).not.toContain("row 22")
    expect(message.split("; ")).toHaveLength(21)
  })

  it("does not add 'and 0 more' at exactly the limit, and honours another limit", () => {
    const problems = Array.from({ length: 20 }, (_, i) => invalid(i + 2))
    expect(describeProblems(problems)).not.toContain("more")
    expect(describeProblems(problems, 3)).toMatch(/row 4: "BAD 4" contains a space; and 17 more$/)
  })

  it("counts problems that were found but not listed (the check's problemCount)", () => {
    const problems = Array.from({ length: 20 }, (_, i) => invalid(i + 2))
    const message = describeProblems(problems, 20, 1500)
    expect(message.startsWith("The file has 1,500 problems: ")).toBe(true)
    expect(message.endsWith("; and 1,480 more")).toBe(true)
  })

  it("shortens long codes and escapes invisible characters", () => {
    const message = describeProblems([invalid(2, "A".repeat(100)), invalid(3, "AB\tCD\n")])
    expect(message).toContain(`row 2: "${"A".repeat(40)}…" contains`)
    expect(message).toContain('row 3: "AB\\tCD\\n" contains')
  })

  it("describes problems the service adds (codes already in the system) the same way", () => {
    expect(describeProblems([{ kind: "exists", code: "ABCD1234", rows: [4], reason: "already exists in the system" }])).toBe(
      'The file has 1 problem: row 4: "ABCD1234" already exists in the system'
    )
  })

  it("works end to end on a validation result", () => {
    const check = validateParsedCodes(parsed(["ABCD1234", "ab", "ABCD1234"]))
    expect(!check.ok && describeProblems(check.problems, 20, check.problemCount)).toBe(
      'The file has 2 problems: rows 2 and 4: "ABCD1234" is in the file more than once; row 3: "ab" is shorter than 4 characters'
    )
  })
})

const workbook = async (build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> => {
  const book = new ExcelJS.Workbook()
  build(book)
  return Buffer.from(await book.xlsx.writeBuffer())
}

describe("parseCodesXlsx", () => {
  it("reads the code column of the first worksheet, wherever the column is", async () => {
    const buffer = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["Name", "Email", " Code "])
      sheet.addRow(["Ann", "ann@example.com", "abcd1234"])
      sheet.addRow(["Bob", "bob@example.com", "EFGH5678"])
    })
    expect(await parseCodesXlsx(buffer)).toEqual({ codes: ["abcd1234", "EFGH5678"], rows: [2, 3], unreadable: [] })
  })

  it("keeps spreadsheet row numbers across blank rows and skips rows without content", async () => {
    const buffer = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.getCell("A1").value = "code"
      sheet.getCell("A3").value = "ABCD1234"
      sheet.getCell("A5").value = "   "
      sheet.getCell("B6").value = ""
      sheet.getCell("A8").value = "EFGH5678"
    })
    expect(await parseCodesXlsx(buffer)).toMatchObject({ codes: ["ABCD1234", "EFGH5678"], rows: [3, 8] })
  })

  it("turns numbers, rich text, formula results, hyperlinks and booleans into text", async () => {
    const buffer = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["code"])
      sheet.addRow([12345678])
      sheet.addRow([{ richText: [{ text: "RICH" }, { font: { bold: true }, text: "-1234" }] }])
      sheet.addRow([{ formula: 'CONCAT("FORM","1234")', result: "FORM1234" }])
      sheet.addRow([{ formula: "1000*1000", result: 1000000 }])
      sheet.addRow([{ text: "LINK1234", hyperlink: "https://example.com" }])
      sheet.addRow([true])
      sheet.addRow([12.5])
    })
    expect(await parseCodesXlsx(buffer)).toEqual({
      codes: ["12345678", "RICH-1234", "FORM1234", "1000000", "LINK1234", "TRUE", "12.5"],
      rows: [2, 3, 4, 5, 6, 7, 8],
      unreadable: [],
    })
  })

  it("reports dates, error values, result-less formulas and over-long numbers instead of guessing", async () => {
    const buffer = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["code"])
      sheet.addRow([new Date(Date.UTC(2024, 0, 5))])
      sheet.addRow([{ error: "#N/A" }])
      sheet.addRow([{ formula: "A2" }])
      sheet.addRow([1234567890123456789])
      sheet.addRow(["ABCD1234"])
    })
    const file = await parseCodesXlsx(buffer)
    expect(file.codes).toEqual(["ABCD1234"])
    expect(file.rows).toEqual([6])
    expect(file.unreadable).toEqual([
      {
        kind: "unreadable",
        code: "2024-01-05",
        rows: [2],
        reason: 'is a date, not text; format the "code" column as Text and type the codes again',
      },
      { kind: "unreadable", code: "#N/A", rows: [3], reason: "is an Excel error value" },
      { kind: "unreadable", code: "=A2", rows: [4], reason: "is a formula without a calculated value" },
      {
        kind: "unreadable",
        code: "1234567890123456768",
        rows: [5],
        reason: 'is a number too long for Excel to keep exactly; format the "code" column as Text and type the codes again',
      },
    ])
    const check = validateParsedCodes(file)
    expect(!check.ok && check.problemCount).toBe(4)
  })

  it("reports a formula whose result is shown as a date", async () => {
    const buffer = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["code"])
      sheet.addRow([{ formula: "DATE(2024,1,5)", result: 45296 }]).getCell(1).numFmt = "yyyy-mm-dd"
      sheet.addRow([{ formula: "12340000+5678", result: 12345678 }]).getCell(1).numFmt = "0"
    })
    expect(await parseCodesXlsx(buffer)).toEqual({
      codes: ["12345678"],
      rows: [3],
      unreadable: [
        {
          kind: "unreadable",
          code: "2024-01-05",
          rows: [2],
          reason: 'is a date, not text; format the "code" column as Text and type the codes again',
        },
      ],
    })
  })

  it("still tells dates from numbers when styles come after the sheet in the zip (LibreOffice's layout)", async () => {
    const original = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["code", "note"])
      sheet.addRow([new Date(Date.UTC(2024, 0, 5)), "a date"])
      sheet.addRow([12345678, "a number"]).getCell(1).numFmt = "0"
      sheet.addRow([87654321, "General"])
      sheet.addRow(["ABCD1234", "text"])
      sheet.addRow([{ formula: "DATE(2024,2,1)", result: 45323 }]).getCell(1).numFmt = "d mmm yyyy"
    })
    // Shared strings and relationships before the sheet make exceljs read the sheet at once, styles after it.
    const zip = await JSZip.loadAsync(original)
    const relaid = new JSZip()
    const first = ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"]
    const last = ["xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml"]
    const names = Object.keys(zip.files).filter((name) => !zip.files[name].dir)
    const middle = names.filter((name) => !first.includes(name) && !last.includes(name))
    for (const name of [...first, ...middle, ...last]) {
      relaid.file(name, await zip.file(name)!.async("nodebuffer"))
    }
    const buffer = await relaid.generateAsync({ type: "nodebuffer", compression: "DEFLATE" })

    expect(await parseCodesXlsx(buffer)).toEqual({
      codes: ["12345678", "87654321", "ABCD1234"],
      rows: [3, 4, 5],
      unreadable: [
        { kind: "unreadable", code: "2024-01-05", rows: [2], reason: expect.stringMatching(/^is a date/) },
        { kind: "unreadable", code: "2024-02-01", rows: [6], reason: expect.stringMatching(/^is a date/) },
      ],
    })
  })

  it("reads only the first worksheet", async () => {
    const buffer = await workbook((book) => {
      const first = book.addWorksheet("Codes")
      first.addRow(["code"])
      first.addRow(["ABCD1234"])
      const second = book.addWorksheet("Notes")
      second.addRow(["code"])
      second.addRow(["ZZZZ9999"])
    })
    expect((await parseCodesXlsx(buffer)).codes).toEqual(["ABCD1234"])
  })

  it("does not look for codes beyond the first worksheet", async () => {
    const buffer = await workbook((book) => {
      book.addWorksheet("Intro").addRow(["Codes are on the next sheet"])
      const second = book.addWorksheet("Codes")
      second.addRow(["code"])
      second.addRow(["ABCD1234"])
    })
    expect(await fileErrorOf(parseCodesXlsx(buffer))).toBe(MISSING_HEADER_MESSAGE)
  })

  it("refuses a missing header, a header below row 1 and two code columns", async () => {
    const noHeader = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["ABCD1234"])
      sheet.addRow(["EFGH5678"])
    })
    expect(await fileErrorOf(parseCodesXlsx(noHeader))).toBe(MISSING_HEADER_MESSAGE)
    const lowHeader = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.getCell("A2").value = "code"
      sheet.getCell("A3").value = "ABCD1234"
    })
    expect(await fileErrorOf(parseCodesXlsx(lowHeader))).toBe(MISSING_HEADER_MESSAGE)
    const twoColumns = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["code", "CODE"])
      sheet.addRow(["ABCD1234", "EFGH5678"])
    })
    expect(await fileErrorOf(parseCodesXlsx(twoColumns))).toBe(TWO_CODE_COLUMNS_MESSAGE)
  })

  it("refuses a header-only and an entirely empty workbook as having no codes", async () => {
    const headerOnly = await workbook((book) => book.addWorksheet("Codes").addRow(["code"]))
    expect(await fileErrorOf(parseCodesXlsx(headerOnly))).toBe(NO_CODES_MESSAGE)
    const empty = await workbook((book) => book.addWorksheet("Codes"))
    expect(await fileErrorOf(parseCodesXlsx(empty))).toBe(NO_CODES_MESSAGE)
  })

  it("refuses something that is not an .xlsx workbook", async () => {
    expect(await fileErrorOf(parseCodesXlsx(Buffer.from("code\nABCD1234\n")))).toBe(
      "The file is not an Excel workbook (.xlsx); save it as .xlsx or CSV"
    )
    const corrupt = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)])
    expect(await fileErrorOf(parseCodesXlsx(corrupt))).toMatch(/^The Excel file could not be read; it may be damaged \(.+\)$/)
    const truncated = (await workbook((book) => book.addWorksheet("Codes").addRow(["code"]))).subarray(0, 300)
    expect(await fileErrorOf(parseCodesXlsx(truncated))).toMatch(/^The Excel file could not be read; it may be damaged/)
  })

  it("finds duplicates across rows, whatever the case", async () => {
    const buffer = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["code"])
      sheet.addRow(["abcd1234"])
      sheet.addRow(["EFGH5678"])
      sheet.addRow(["ABCD1234 "])
    })
    expect(validateParsedCodes(await parseCodesXlsx(buffer))).toEqual({
      ok: false,
      problemCount: 1,
      problems: [{ kind: "duplicate", code: "ABCD1234", rows: [2, 4], reason: DUPLICATE_REASON }],
    })
  })
})

describe("templates", () => {
  it("the CSV template is the header row alone, with the optional expires_at column", () => {
    expect(CODES_CSV_TEMPLATE).toBe("code,expires_at\r\n")
  })

  it("the XLSX template is an empty Codes sheet with the headers and Text-formatted code and expires_at columns", async () => {
    const buffer = await buildCodesXlsxTemplate()
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(buffer as any)
    expect(book.worksheets).toHaveLength(1)
    const sheet = book.worksheets[0]
    expect(sheet.name).toBe("Codes")
    expect([sheet.getCell("A1").value, sheet.getCell("B1").value]).toEqual(["code", "expires_at"])
    expect(sheet.actualRowCount).toBe(1)
    expect([sheet.getColumn(1).numFmt, sheet.getColumn(2).numFmt]).toEqual(["@", "@"])
    // Filled in by a user, it imports; left empty, it is refused for having no codes.
    expect(await fileErrorOf(parseCodesXlsx(buffer))).toBe(NO_CODES_MESSAGE)
    sheet.getCell("A2").value = "ABCD1234"
    sheet.getCell("B2").value = "2031-06-30"
    const filled = Buffer.from(await book.xlsx.writeBuffer())
    expect(await parseCodesXlsx(filled)).toEqual({ codes: ["ABCD1234"], rows: [2], unreadable: [], expires_at: ["2031-06-30"] })
  })
})

describe("detectCodeFileFormat and parseCodesFile", () => {
  it("goes by content first, so a renamed workbook still reads", async () => {
    const xlsx = await workbook((book) => {
      const sheet = book.addWorksheet("Codes")
      sheet.addRow(["code"])
      sheet.addRow(["ABCD1234"])
    })
    expect(detectCodeFileFormat(xlsx, "codes.csv")).toBe("xlsx")
    expect(await parseCodesFile(xlsx, "codes.csv")).toEqual({
      format: "xlsx",
      codes: ["ABCD1234"],
      rows: [2],
      unreadable: [],
    })
    expect(await parseCodesFile(Buffer.from("code\nABCD1234\n"))).toEqual({
      format: "csv",
      codes: ["ABCD1234"],
      rows: [2],
      unreadable: [],
    })
    expect(detectCodeFileFormat(Buffer.from("code\n"), "codes.txt")).toBe("csv")
  })

  it("refuses old .xls workbooks and text named .xlsx", () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    expect(fileErrorOfSync(() => detectCodeFileFormat(xls, "codes.bin"))).toBe(
      "Old Excel workbooks (.xls) are not supported; save the file as .xlsx or CSV"
    )
    expect(fileErrorOfSync(() => detectCodeFileFormat(Buffer.from("code\n"), "CODES.XLS"))).toMatch(/^Old Excel/)
    expect(fileErrorOfSync(() => detectCodeFileFormat(Buffer.from("code\n"), "codes.xlsx"))).toBe(
      "The file is not an Excel workbook (.xlsx); save it as .xlsx or CSV"
    )
  })
})
