import { generateCodes, resolvePattern } from "../codes"
import { csvCell, csvRow } from "../csv-out"

describe("csvCell", () => {
  it("leaves plain text alone", () => {
    expect(csvCell("ABCD-1234")).toBe("ABCD-1234")
    expect(csvCell("Ann Smith")).toBe("Ann Smith")
    expect(csvCell("")).toBe("")
  })

  it("quotes per RFC 4180: delimiters, quotes and line breaks, doubling inner quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"')
    expect(csvCell("line 1\r\nline 2")).toBe('"line 1\r\nline 2"')
  })

  it("quotes semicolons for Excel in comma-decimal locales", () => {
    expect(csvCell("a;b")).toBe('"a;b"')
  })

  it.each([
    ["=1+2", "'=1+2"],
    ["+31 20 123", "'+31 20 123"],
    ["-5", "'-5"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+2", "'\t=1+2"],
  ])("neutralizes formula-looking text %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected)
  })

  it("neutralizes before quoting, so a quoted formula stays text", () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""click"")"`
    )
    expect(csvCell("\r=1+2")).toBe(`"'\r=1+2"`)
    expect(csvCell("-1,5")).toBe(`"'-1,5"`)
  })

  it("does not touch formula characters after the first", () => {
    expect(csvCell("A=B")).toBe("A=B")
    expect(csvCell("ann@example.com")).toBe("ann@example.com")
    expect(csvCell("XMAS-2024")).toBe("XMAS-2024")
  })

  it("writes numbers, bigints, booleans and dates as data, negative numbers included", () => {
    expect(csvCell(-5)).toBe("-5")
    expect(csvCell(12.5)).toBe("12.5")
    expect(csvCell(0)).toBe("0")
    expect(csvCell(Number.NaN)).toBe("")
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe("")
    expect(csvCell(12345678901234567890n)).toBe("12345678901234567890")
    expect(csvCell(true)).toBe("true")
    expect(csvCell(false)).toBe("false")
    expect(csvCell(new Date(Date.UTC(2024, 11, 24, 18, 30)))).toBe("2024-12-24T18:30:00.000Z")
    expect(csvCell(new Date(Number.NaN))).toBe("")
  })

  it("writes null and undefined as empty fields", () => {
    expect(csvCell(null)).toBe("")
    expect(csvCell(undefined)).toBe("")
  })

  it("never changes a generated code", () => {
    const codes = generateCodes(resolvePattern({ prefix: "X-", pattern: "####_####", suffix: "-9" }), 1000)
    expect(codes.filter((code) => csvCell(code) !== code)).toEqual([])
  })
})

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["code", "=cmd|' /C calc'!A0", 3, null, "a,b"])).toBe(`code,'=cmd|' /C calc'!A0,3,,"a,b"\r\n`)
  })

  it("writes an empty record as a bare line end", () => {
    expect(csvRow([])).toBe("\r\n")
  })
})
