import {
  fillReportDays,
  parseReportDay,
  reportRangeBounds,
  resolveReportRange,
} from "../redemption-report"

describe("redemption report range", () => {
  const now = new Date("2026-03-10T23:30:00-02:00") // 2026-03-11 01:30 UTC: "today" is the UTC day

  it("defaults to the last 30 days, today included", () => {
    expect(resolveReportRange({}, now)).toEqual({ range: { from: "2026-02-10", to: "2026-03-11" }, days: 30 })
    expect(resolveReportRange({ to: "2026-01-31" }, now)).toEqual({
      range: { from: "2026-01-02", to: "2026-01-31" },
      days: 30,
    })
    expect(resolveReportRange({ from: "2026-03-01" }, now)).toEqual({
      range: { from: "2026-03-01", to: "2026-03-11" },
      days: 11,
    })
  })

  it("takes one day, and at most 366", () => {
    expect(resolveReportRange({ from: "2026-03-01", to: "2026-03-01" }, now)).toEqual({
      range: { from: "2026-03-01", to: "2026-03-01" },
      days: 1,
    })
    expect(resolveReportRange({ from: "2024-01-01", to: "2024-12-31" }, now)).toEqual({
      range: { from: "2024-01-01", to: "2024-12-31" },
      days: 366,
    })
    expect(resolveReportRange({ from: "2024-01-01", to: "2025-01-01" }, now)).toEqual({
      error: "The range from 'from' to 'to' must be at most 366 days (it is 367)",
    })
    expect(resolveReportRange({ from: "2026-03-02", to: "2026-03-01" }, now)).toEqual({
      error: "Field 'from' must be on or before 'to'",
    })
  })

  it("reads real calendar days only", () => {
    expect(parseReportDay("2024-02-29")).toBe(Date.UTC(2024, 1, 29))
    for (const bad of ["2026-02-29", "2026-13-01", "2026-1-01", "2026-01-01T00:00:00Z", "yesterday", ""]) {
      expect(parseReportDay(bad)).toBeNull()
    }
  })

  it("covers whole UTC days", () => {
    expect(reportRangeBounds({ from: "2026-02-28", to: "2026-03-01" })).toEqual({
      start: new Date("2026-02-28T00:00:00.000Z"),
      end: new Date("2026-03-02T00:00:00.000Z"),
    })
  })

  it("lists every day with every currency, zeros included", () => {
    const days = fillReportDays(
      { from: "2026-02-27", to: "2026-03-01" },
      [
        { day: "2026-02-27", currency_code: "eur", orders: 2, amount: "20.50" },
        { day: "2026-03-01", currency_code: "usd", orders: 1, amount: "5" },
        { day: "2026-03-01", currency_code: "eur", orders: 3, amount: "0.03" },
      ],
      ["eur", "usd"]
    )
    expect(days).toEqual([
      { day: "2026-02-27", orders: 2, discount: [{ currency_code: "eur", amount: "20.50" }, { currency_code: "usd", amount: "0" }] },
      { day: "2026-02-28", orders: 0, discount: [{ currency_code: "eur", amount: "0" }, { currency_code: "usd", amount: "0" }] },
      { day: "2026-03-01", orders: 4, discount: [{ currency_code: "eur", amount: "0.03" }, { currency_code: "usd", amount: "5" }] },
    ])
    expect(fillReportDays({ from: "2026-03-01", to: "2026-03-01" }, [], [])).toEqual([
      { day: "2026-03-01", orders: 0, discount: [] },
    ])
  })
})
