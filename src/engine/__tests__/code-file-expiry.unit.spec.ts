import ExcelJS from "exceljs"
import {
  describeProblems,
  EXPIRY_REASONS,
  parseCodesCsv,
  parseCodesFile,
  parseCodesXlsx,
  parseExpiresAt,
  sortCodesWithExpiry,
  TWO_EXPIRES_AT_COLUMNS_MESSAGE,
  validateParsedCodes,
} from "../code-file"
import { EngineError } from "../errors"

/** The instant an expiry reads as, or its refusal reason. */
const read = (text: string) => {
  const parsed = parseExpiresAt(text)
  return parsed.ok ? parsed.value.toISOString() : parsed.reason
}

/** The message a refused file gets (what the import answers with a 400). */
const refusal = async (content: string | Buffer) => {
  const check = validateParsedCodes(await parseCodesFile(Buffer.isBuffer(content) ? content : Buffer.from(content)))
  if (check.ok) {
    throw new Error("expected the file to be refused")
  }
  return describeProblems(check.problems, 20, check.problemCount)
}

const workbook = async (rows: unknown[][]): Promise<Buffer> => {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet("Codes")
  rows.forEach((row) => sheet.addRow(row))
  return Buffer.from(await book.xlsx.writeBuffer())
}

describe("parseExpiresAt", () => {
  it("reads a date as the end of that day in UTC", () => {
    expect(read("2025-12-31")).toBe("2025-12-31T23:59:59.999Z")
    expect(read(" 2028-02-29 ")).toBe("2028-02-29T23:59:59.999Z")
    expect(read("2000-02-29")).toBe("2000-02-29T23:59:59.999Z")
    expect(read("0001-01-01")).toBe("0001-01-01T23:59:59.999Z")
  })

  it("reads a date-time with a time zone as that instant", () => {
    expect(read("2025-12-31T18:00:00Z")).toBe("2025-12-31T18:00:00.000Z")
    expect(read("2025-12-31T18:00Z")).toBe("2025-12-31T18:00:00.000Z")
    expect(read("2025-12-31t18:00:00z")).toBe("2025-12-31T18:00:00.000Z")
    expect(read("2025-12-31T18:00:00+02:00")).toBe("2025-12-31T16:00:00.000Z")
    expect(read("2025-12-31T18:00:00+0200")).toBe("2025-12-31T16:00:00.000Z")
    expect(read("2025-12-31T18:00:00+02")).toBe("2025-12-31T16:00:00.000Z")
    expect(read("2025-12-31T20:00:00-05:30")).toBe("2026-01-01T01:30:00.000Z")
    expect(read("2025-12-31T18:00:00.5Z")).toBe("2025-12-31T18:00:00.500Z")
    expect(read("2025-12-31T18:00:00,25Z")).toBe("2025-12-31T18:00:00.250Z")
    expect(read("2025-12-31T18:00:00.123456789Z")).toBe("2025-12-31T18:00:00.123Z")
  })

  it("refuses anything else with the reason, quoting the ISO forms it takes", () => {
    expect(EXPIRY_REASONS.format).toBe(
      "is not an expires_at date: use ISO 8601, e.g. 2025-12-31 (the end of that day, UTC) or 2025-12-31T18:00:00Z"
    )
    for (const text of ["31/12/2025", "12/31/2025", "2025-12-31 18:00:00Z", "20251231", "2025-1-5", "tomorrow", "", "45000", "TRUE"]) {
      expect(read(text)).toBe(EXPIRY_REASONS.format)
    }
    expect(read("2025-12-31T18:00:00")).toBe(
      "is not an expires_at date: a date-time needs a time zone, e.g. 2025-12-31T18:00:00Z or 2025-12-31T18:00:00+02:00"
    )
    expect(read("2025-12-31T18:00")).toBe(EXPIRY_REASONS.no_zone)
    for (const text of ["2027-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "0000-01-01", "1900-02-29T10:00Z"]) {
      expect(read(text)).toBe("is not an expires_at date: there is no such day")
    }
    for (const text of ["2025-12-31T24:00Z", "2025-12-31T23:60Z", "2025-12-31T23:59:60Z", "2025-12-31T18:00+24:00", "2025-12-31T18:00+02:60"]) {
      expect(read(text)).toBe("is not an expires_at date: there is no such time of day")
    }
    expect(read("9999-12-31T23:00-05:00")).toBe("is not an expires_at date: the year must be between 1 and 9999")
    expect(read("0001-01-01T01:00+02:00")).toBe(EXPIRY_REASONS.out_of_range)
  })
})

describe("expires_at column in CSV files", () => {
  it("reads each code's expiry beside it on both CSV readers, blank cells meaning none", async () => {
    const plain = "code,expires_at\nABCD1234,2031-06-30\nEFGH5678,\nJKMN2345,2031-06-30T12:00:00+02:00\n"
    const quoted = 'code,expires_at\n"ABCD1234","2031-06-30"\nEFGH5678,\nJKMN2345,2031-06-30T12:00:00+02:00\n'
    const expected = {
      codes: ["ABCD1234", "EFGH5678", "JKMN2345"],
      rows: [2, 3, 4],
      unreadable: [],
      expires_at: ["2031-06-30", undefined, "2031-06-30T12:00:00+02:00"],
    }
    expect(await parseCodesCsv(Buffer.from(plain))).toEqual(expected)
    expect(await parseCodesCsv(Buffer.from(plain), { reader: "csv-parse" })).toEqual(expected)
    expect(await parseCodesCsv(Buffer.from(quoted))).toEqual(expected)
  })

  it("finds the column anywhere, in any case, with other columns and delimiters around it", async () => {
    const parsed = await parseCodesCsv(Buffer.from(" Expires_At ;name;CODE\n2031-01-01;Ann;abcd1234\n;Bob;efgh5678\n"))
    expect(parsed).toEqual({
      codes: ["abcd1234", "efgh5678"],
      rows: [2, 3],
      unreadable: [],
      expires_at: ["2031-01-01", undefined],
    })
  })

  it("leaves plain code lists exactly as before: no expires_at in the result", async () => {
    const parsed = await parseCodesCsv(Buffer.from("code,name\nABCD1234,2031-01-01\n"))
    expect(Object.keys(parsed).sort()).toEqual(["codes", "rows", "unreadable"])
    const check = validateParsedCodes(parsed)
    expect(check).toEqual({ ok: true, codes: ["ABCD1234"], rows: [2], sorted: ["ABCD1234"] })
    expect(Object.keys(check).sort()).toEqual(["codes", "ok", "rows", "sorted"])
  })

  it("refuses two expires_at columns", async () => {
    await expect(parseCodesCsv(Buffer.from("code,expires_at,EXPIRES_AT\nABCD1234,,\n"))).rejects.toEqual(
      new EngineError("file", TWO_EXPIRES_AT_COLUMNS_MESSAGE)
    )
    expect(TWO_EXPIRES_AT_COLUMNS_MESSAGE).toBe('The file has more than one "expires_at" column')
  })

  it("hands over ISO 8601 UTC expiries parallel to the codes and to the sorted codes", async () => {
    const check = validateParsedCodes(
      await parseCodesCsv(Buffer.from("code,expires_at\nzzzz9999,2031-06-30\nAAAA2222,\nmmmm5555,2031-06-30T12:00:00+02:00\n"))
    )
    expect(check).toEqual({
      ok: true,
      codes: ["ZZZZ9999", "AAAA2222", "MMMM5555"],
      rows: [2, 3, 4],
      expires_at: ["2031-06-30T23:59:59.999Z", null, "2031-06-30T10:00:00.000Z"],
      sorted: ["AAAA2222", "MMMM5555", "ZZZZ9999"],
      sorted_expires_at: [null, "2031-06-30T10:00:00.000Z", "2031-06-30T23:59:59.999Z"],
    })
  })

  it("refuses the whole file for a bad date, naming each row, next to the codes' own problems", async () => {
    expect(await refusal("code,expires_at\nABCD1234,2031-06-30\nEFGH5678,31/12/2031\n")).toBe(
      'The file has 1 problem: row 3: "31/12/2031" is not an expires_at date: use ISO 8601, e.g. 2025-12-31 ' +
        "(the end of that day, UTC) or 2025-12-31T18:00:00Z"
    )
    expect(
      await refusal("code,expires_at\nAB,2031-06-30\nEFGH5678,2031-02-30\nJKMN2345,2031-06-30T10:00\nEFGH5678,\n")
    ).toBe(
      "The file has 4 problems: " +
        'row 2: "AB" is shorter than 4 characters; ' +
        'row 3: "2031-02-30" is not an expires_at date: there is no such day; ' +
        'rows 3 and 5: "EFGH5678" is in the file more than once; ' +
        'row 4: "2031-06-30T10:00" is not an expires_at date: a date-time needs a time zone, e.g. ' +
        "2025-12-31T18:00:00Z or 2025-12-31T18:00:00+02:00"
    )
  })

  it("counts every bad date, listing the first ones", () => {
    const codes = Array.from({ length: 30 }, (_, i) => `CODE${String(i).padStart(4, "0")}`)
    const check = validateParsedCodes(
      { codes, rows: codes.map((_, i) => i + 2), unreadable: [], expires_at: codes.map(() => "soon") },
      { maxProblems: 5 }
    )
    expect(check.ok).toBe(false)
    if (!check.ok) {
      expect(check.problemCount).toBe(30)
      expect(check.problems.map((p) => p.rows[0])).toEqual([2, 3, 4, 5, 6])
      expect(describeProblems(check.problems, 2, check.problemCount)).toBe(
        'The file has 30 problems: row 2: "soon" ' + EXPIRY_REASONS.format + '; row 3: "soon" ' +
          EXPIRY_REASONS.format + "; and 28 more"
      )
    }
  })
})

describe("expires_at column in XLSX files", () => {
  it("reads text dates, and date cells as their day", async () => {
    const buffer = await workbook([
      ["code", "expires_at"],
      ["ABCD1234", "2031-06-30T18:00:00Z"],
      ["EFGH5678", new Date(Date.UTC(2031, 5, 30))],
      ["JKMN2345"],
    ])
    expect(await parseCodesXlsx(buffer)).toEqual({
      codes: ["ABCD1234", "EFGH5678", "JKMN2345"],
      rows: [2, 3, 4],
      unreadable: [],
      expires_at: ["2031-06-30T18:00:00Z", "2031-06-30", undefined],
    })
    const check = validateParsedCodes(await parseCodesXlsx(buffer))
    expect(check.ok && check.expires_at).toEqual(["2031-06-30T18:00:00.000Z", "2031-06-30T23:59:59.999Z", null])
  })

  it("refuses date cells with a time of day, error values and plain numbers, naming the rows", async () => {
    const buffer = await workbook([
      ["expires_at", "code"],
      [new Date(Date.UTC(2031, 5, 30, 18, 30)), "ABCD1234"],
      [{ error: "#N/A" }, "EFGH5678"],
      [45000, "JKMN2345"],
      ["2031-06-30", "MNPQ3456"],
    ])
    expect(await refusal(buffer)).toBe(
      "The file has 3 problems: " +
        'row 2: "2031-06-30 18:30:00" is not an expires_at date: Excel dates with a time carry no time zone; type the ' +
        "date-time as text, e.g. 2025-12-31T18:00:00Z; " +
        'row 3: "#N/A" is not an expires_at date: it is an Excel error value; ' +
        'row 4: "45000" is not an expires_at date: use ISO 8601, e.g. 2025-12-31 (the end of that day, UTC) or ' +
        "2025-12-31T18:00:00Z"
    )
  })

  it("treats a row with only an expiry as a row without a code", async () => {
    const buffer = await workbook([["code", "expires_at"], ["ABCD1234"], [null, "2031-06-30"]])
    expect(await refusal(buffer)).toBe('The file has 1 problem: row 3: "" is empty')
  })
})

describe("sortCodesWithExpiry", () => {
  it("sorts codes in byte order, each keeping its expiry, and leaves out entries marked as not codes", () => {
    expect(sortCodesWithExpiry(["B-2", "A_1", "", "A-1"], ["b", null, "x", "a"])).toEqual({
      sorted: ["A-1", "A_1", "B-2"],
      sorted_expires_at: ["a", null, "b"],
    })
  })
})
