import {
  PromotionStatusInput,
  addCalendarMonths,
  computePromotionStatus,
  couponExpiresAt,
  promotionExpiryCause,
  resolveTimeSpan,
  toOptionalDate,
} from "../promotion-status"

const NOW = new Date("2025-06-15T12:00:00.000Z")
const BEFORE = new Date("2025-06-01T00:00:00.000Z")
const AFTER = new Date("2025-07-01T00:00:00.000Z")

const promotion = (overrides: Partial<PromotionStatusInput> = {}): PromotionStatusInput => ({
  status: "active",
  archived_at: null,
  starts_at: null,
  ends_at: null,
  coupon_type: "promotion_code",
  usage_per_code: "unlimited",
  usage_per_code_limit: null,
  codes_total: 10,
  codes_used_fully: 0,
  customers_used: 0,
  ...overrides,
})

describe("computePromotionStatus", () => {
  it("is active with no dates and codes left", () => {
    expect(computePromotionStatus(promotion(), NOW)).toBe("active")
  })

  it("is active inside its date range", () => {
    expect(computePromotionStatus(promotion({ starts_at: BEFORE, ends_at: AFTER }), NOW)).toBe("active")
  })

  it("is active from the very instant it starts", () => {
    expect(computePromotionStatus(promotion({ starts_at: NOW }), NOW)).toBe("active")
  })

  it("is scheduled before it starts", () => {
    expect(computePromotionStatus(promotion({ starts_at: AFTER }), NOW)).toBe("scheduled")
  })

  it("is expired once ends_at has passed", () => {
    expect(computePromotionStatus(promotion({ ends_at: BEFORE }), NOW)).toBe("expired")
  })

  it("is expired at the very instant ends_at is reached", () => {
    expect(computePromotionStatus(promotion({ ends_at: NOW }), NOW)).toBe("expired")
    expect(computePromotionStatus(promotion({ ends_at: new Date(NOW.getTime() + 1) }), NOW)).toBe("active")
  })

  it("is inactive when the administrator switched it off", () => {
    expect(computePromotionStatus(promotion({ status: "inactive" }), NOW)).toBe("inactive")
  })

  it("is archived when archived_at is set, whatever else holds", () => {
    expect(computePromotionStatus(promotion({ archived_at: NOW }), NOW)).toBe("archived")
    expect(
      computePromotionStatus(promotion({ archived_at: AFTER, status: "inactive", ends_at: BEFORE }), NOW)
    ).toBe("archived")
  })

  it("applies precedence archived > inactive > expired > scheduled > active", () => {
    // A range that both ended and starts later is contradictory, but it pins expired over scheduled.
    expect(computePromotionStatus(promotion({ status: "inactive", ends_at: BEFORE }), NOW)).toBe("inactive")
    expect(computePromotionStatus(promotion({ status: "inactive", starts_at: AFTER }), NOW)).toBe("inactive")
    expect(computePromotionStatus(promotion({ starts_at: AFTER, ends_at: BEFORE }), NOW)).toBe("expired")
    expect(computePromotionStatus(promotion({ starts_at: AFTER, codes_used_fully: 10 }), NOW)).toBe("expired")
  })

  it("accepts ISO strings for dates", () => {
    expect(computePromotionStatus(promotion({ starts_at: "2025-07-01T00:00:00Z" }), NOW)).toBe("scheduled")
    expect(computePromotionStatus(promotion({ ends_at: "2025-06-15T12:00:00.000Z" }), NOW)).toBe("expired")
  })

  it("is expired when every code is fully used", () => {
    expect(computePromotionStatus(promotion({ codes_total: 3, codes_used_fully: 3 }), NOW)).toBe("expired")
    expect(promotionExpiryCause(promotion({ codes_total: 3, codes_used_fully: 3 }), NOW)).toBe("used_up")
    expect(computePromotionStatus(promotion({ codes_total: 3, codes_used_fully: 2 }), NOW)).toBe("active")
  })

  it("is not used up while it has no codes at all", () => {
    expect(computePromotionStatus(promotion({ codes_total: 0, codes_used_fully: 0 }), NOW)).toBe("active")
  })

  it("reports the date as the cause when both the date passed and the codes ran out", () => {
    expect(promotionExpiryCause(promotion({ ends_at: BEFORE, codes_total: 1, codes_used_fully: 1 }), NOW)).toBe(
      "ends_at"
    )
    expect(promotionExpiryCause(promotion(), NOW)).toBeNull()
  })

  describe("first N customers", () => {
    const firstFive = (overrides: Partial<PromotionStatusInput>) =>
      promotion({ usage_per_code: "first_customers", usage_per_code_limit: 5, codes_total: 1, ...overrides })

    it("is expired once N customers are counted and every one of them used up their allowance", () => {
      expect(computePromotionStatus(firstFive({ customers_used: 5, customers_exhausted: 5 }), NOW)).toBe("expired")
    })

    it("stays active while a counted customer still has uses left", () => {
      expect(computePromotionStatus(firstFive({ customers_used: 5, customers_exhausted: 4 }), NOW)).toBe("active")
    })

    it("stays active while fewer than N customers are counted", () => {
      expect(computePromotionStatus(firstFive({ customers_used: 4, customers_exhausted: 4 }), NOW)).toBe("active")
    })

    it("cannot conclude used up without the exhausted count", () => {
      expect(computePromotionStatus(firstFive({ customers_used: 5 }), NOW)).toBe("active")
    })

    it("needs N per code when the promotion has several codes", () => {
      expect(
        computePromotionStatus(firstFive({ codes_total: 2, customers_used: 5, customers_exhausted: 5 }), NOW)
      ).toBe("active")
      expect(
        computePromotionStatus(firstFive({ codes_total: 2, customers_used: 10, customers_exhausted: 10 }), NOW)
      ).toBe("expired")
    })

    it("ignores the per-code limit on personal coupons", () => {
      expect(
        computePromotionStatus(
          firstFive({ coupon_type: "personal", customers_used: 5, customers_exhausted: 5 }),
          NOW
        )
      ).toBe("active")
    })

    it("ignores the counters when the per-code usage is unlimited", () => {
      expect(
        computePromotionStatus(
          firstFive({ usage_per_code: "unlimited", customers_used: 5, customers_exhausted: 5 }),
          NOW
        )
      ).toBe("active")
    })
  })
})

describe("toOptionalDate", () => {
  it("maps null and undefined to null and rejects invalid dates", () => {
    expect(toOptionalDate(null)).toBeNull()
    expect(toOptionalDate(undefined)).toBeNull()
    expect(toOptionalDate("2025-01-01T00:00:00Z")).toEqual(new Date("2025-01-01T00:00:00Z"))
    expect(() => toOptionalDate("not a date")).toThrow(RangeError)
  })
})

describe("addCalendarMonths", () => {
  const at = (iso: string) => new Date(iso)

  it("clamps the 31st to the end of a shorter month", () => {
    expect(addCalendarMonths(at("2025-01-31T10:30:00Z"), 1)).toEqual(at("2025-02-28T10:30:00Z"))
    expect(addCalendarMonths(at("2024-01-31T10:30:00Z"), 1)).toEqual(at("2024-02-29T10:30:00Z"))
    expect(addCalendarMonths(at("2025-03-31T00:00:00Z"), 1)).toEqual(at("2025-04-30T00:00:00Z"))
    expect(addCalendarMonths(at("2024-08-31T00:00:00Z"), 6)).toEqual(at("2025-02-28T00:00:00Z"))
  })

  it("keeps the day when the target month has it", () => {
    expect(addCalendarMonths(at("2025-01-15T08:00:00Z"), 1)).toEqual(at("2025-02-15T08:00:00Z"))
    expect(addCalendarMonths(at("2025-01-31T00:00:00Z"), 2)).toEqual(at("2025-03-31T00:00:00Z"))
  })

  it("rolls over the year", () => {
    expect(addCalendarMonths(at("2025-12-15T00:00:00Z"), 1)).toEqual(at("2026-01-15T00:00:00Z"))
    expect(addCalendarMonths(at("2025-01-31T00:00:00Z"), 13)).toEqual(at("2026-02-28T00:00:00Z"))
    expect(addCalendarMonths(at("2023-02-28T23:59:59.999Z"), 12)).toEqual(at("2024-02-28T23:59:59.999Z"))
  })
})

describe("resolveTimeSpan", () => {
  it("gives no dates for an unlimited span", () => {
    expect(resolveTimeSpan({ time_span_type: "unlimited", starts_at: BEFORE, ends_at: AFTER }, NOW)).toEqual({
      starts_at: null,
      ends_at: null,
    })
    expect(resolveTimeSpan({}, NOW)).toEqual({ starts_at: null, ends_at: null })
  })

  it("keeps a range as given, strings turned into dates", () => {
    expect(
      resolveTimeSpan({ time_span_type: "range", starts_at: "2025-06-01T00:00:00Z", ends_at: AFTER }, NOW)
    ).toEqual({ starts_at: BEFORE, ends_at: AFTER })
  })

  it("starts a relative span now and ends it N days, weeks or months later", () => {
    expect(resolveTimeSpan({ time_span_type: "relative", time_span_amount: 10, time_span_unit: "days" }, NOW)).toEqual({
      starts_at: NOW,
      ends_at: new Date("2025-06-25T12:00:00.000Z"),
    })
    expect(resolveTimeSpan({ time_span_type: "relative", time_span_amount: 2, time_span_unit: "weeks" }, NOW)).toEqual({
      starts_at: NOW,
      ends_at: new Date("2025-06-29T12:00:00.000Z"),
    })
    expect(
      resolveTimeSpan({ time_span_type: "relative", time_span_amount: 3, time_span_unit: "months" }, NOW)
    ).toEqual({ starts_at: NOW, ends_at: new Date("2025-09-15T12:00:00.000Z") })
  })

  it("counts calendar months from Jan 31", () => {
    const jan31 = new Date("2025-01-31T09:00:00Z")
    expect(
      resolveTimeSpan({ time_span_type: "relative", time_span_amount: 1, time_span_unit: "months" }, jan31).ends_at
    ).toEqual(new Date("2025-02-28T09:00:00Z"))
  })

  it("returns a copy of now, not the caller's Date", () => {
    const span = resolveTimeSpan({ time_span_type: "relative", time_span_amount: 1, time_span_unit: "days" }, NOW)
    expect(span.starts_at).not.toBe(NOW)
  })

  it("refuses a relative span without a positive whole amount or a unit", () => {
    expect(() =>
      resolveTimeSpan({ time_span_type: "relative", time_span_amount: 0, time_span_unit: "days" }, NOW)
    ).toThrow(RangeError)
    expect(() =>
      resolveTimeSpan({ time_span_type: "relative", time_span_amount: 1.5, time_span_unit: "days" }, NOW)
    ).toThrow(RangeError)
    expect(() => resolveTimeSpan({ time_span_type: "relative", time_span_amount: 2 }, NOW)).toThrow(RangeError)
  })
})

describe("couponExpiresAt", () => {
  it("counts whole days from the assignment", () => {
    expect(couponExpiresAt({ valid_days_after_assignment: 30 }, NOW)).toEqual(new Date("2025-07-15T12:00:00.000Z"))
  })

  it("is null when the promotion sets no validity after assignment", () => {
    expect(couponExpiresAt({ valid_days_after_assignment: null }, NOW)).toBeNull()
    expect(couponExpiresAt({}, NOW)).toBeNull()
  })
})
