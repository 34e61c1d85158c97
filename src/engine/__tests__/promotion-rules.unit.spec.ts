import { EngineError } from "../errors"
import { changedLockedRules, PromotionRulesInput, resolvePromotionRules } from "../promotion-rules"

const ctx = { now: new Date("2030-01-31T10:00:00.000Z"), defaultCurrency: "eur", supportedCurrencies: ["eur", "usd"] }
const base: PromotionRulesInput = { coupon_type: "promotion_code", discount_type: "percentage", discount_value: 10 }

const failure = (input: PromotionRulesInput, existing = null as any, c = ctx) => {
  try {
    resolvePromotionRules(input, existing, c)
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError)
    return { field: (e as EngineError).field, message: (e as EngineError).message }
  }
  throw new Error("expected a rule error")
}

describe("resolvePromotionRules", () => {
  it("fills the uStore defaults", () => {
    expect(resolvePromotionRules(base, null, ctx)).toEqual({
      status: "active",
      inactive_message: "The coupon is inactive until further notice",
      coupon_type: "promotion_code",
      discount_type: "percentage",
      discount_value: 10,
      currency_code: null,
      applies_to: "all",
      target_product_ids: [],
      target_collection_ids: [],
      target_category_ids: [],
      min_purchase: 0,
      usage_per_customer: "one_order",
      usage_per_customer_limit: null,
      usage_per_code: "unlimited",
      usage_per_code_limit: null,
      time_span_type: "unlimited",
      time_span_amount: null,
      time_span_unit: null,
      starts_at: null,
      ends_at: null,
      per_customer_scope: "promotion",
      max_orders: null,
      budget: null,
      max_discount: null,
      combinable_with_native: true,
      combinable_with_coupons: true,
      excluded_product_ids: [],
      excluded_collection_ids: [],
      excluded_category_ids: [],
      exclude_discounted_lines: false,
      currency_amounts: {},
      customer_group_ids: [],
      first_order_only: false,
    })
  })

  it("takes the store's default currency for money amounts, and checks a given one", () => {
    expect(resolvePromotionRules({ ...base, discount_type: "fixed" }, null, ctx).currency_code).toBe("eur")
    expect(resolvePromotionRules({ ...base, min_purchase: 20 }, null, ctx).currency_code).toBe("eur")
    expect(resolvePromotionRules({ ...base, discount_type: "fixed", currency_code: "USD" }, null, ctx).currency_code).toBe("usd")
    expect(failure({ ...base, discount_type: "fixed", currency_code: "gbp" }).field).toBe("currency_code")
    expect(
      failure({ ...base, discount_type: "fixed" }, null, { ...ctx, defaultCurrency: null, supportedCurrencies: null })
    ).toEqual({
      field: "currency_code",
      message: "Field 'currency_code' is required: the store has no default currency for the fixed discount",
    })
  })

  it.each([
    [{ discount_value: 0 }, "discount_value"],
    [{ discount_value: 100.5 }, "discount_value"],
    [{ discount_type: "fixed", discount_value: -1 }, "discount_value"],
    [{ coupon_type: "personal", usage_per_code: "first_customers", usage_per_code_limit: 3 }, "usage_per_code"],
    [{ usage_per_code: "first_customers", usage_per_code_limit: 0 }, "usage_per_code_limit"],
    [{ usage_per_customer: "limited", usage_per_customer_limit: 2.5 }, "usage_per_customer_limit"],
    [{ time_span_type: "relative", time_span_unit: "days" }, "time_span_amount"],
    [{ time_span_type: "relative", time_span_amount: 1 }, "time_span_unit"],
    [{ time_span_type: "range", starts_at: "2030-02-01T00:00:00Z", ends_at: "2030-01-01T00:00:00Z" }, "ends_at"],
    [{ time_span_type: "range", ends_at: "2030-01-01T00:00:00Z" }, "starts_at"],
    [{ applies_to: "specific" }, "applies_to"],
    [{ target_category_ids: ["pcat_1"] }, "target_category_ids"],
    [{ inactive_message: "   " }, "inactive_message"],
  ] as [PromotionRulesInput, string][])("refuses %j naming %s", (over, field) => {
    expect(failure({ ...base, ...over }).field).toBe(field)
  })

  it("fixes a relative span at `now` and keeps it on later edits unless the span itself changes", () => {
    const created = resolvePromotionRules(
      { ...base, time_span_type: "relative", time_span_amount: 1, time_span_unit: "months" },
      null,
      ctx
    )
    expect([created.starts_at, created.ends_at]).toEqual([
      new Date("2030-01-31T10:00:00.000Z"),
      new Date("2030-02-28T10:00:00.000Z"),
    ])
    const later = { ...ctx, now: new Date("2030-02-10T00:00:00.000Z") }
    expect(resolvePromotionRules({ discount_value: 20 }, created, later).ends_at).toEqual(created.ends_at)
    expect(resolvePromotionRules({ time_span_amount: 2 }, created, later).ends_at).toEqual(
      new Date("2030-04-10T00:00:00.000Z")
    )
  })

  it("merges onto the stored state: dependent values not mentioned are dropped with their option", () => {
    const stored = resolvePromotionRules(
      { ...base, usage_per_customer: "limited", usage_per_customer_limit: 3, applies_to: "specific", target_product_ids: ["p1"] },
      null,
      ctx
    )
    const next = resolvePromotionRules({ usage_per_customer: "unlimited", applies_to: "all" }, stored, ctx)
    expect(next).toEqual(
      expect.objectContaining({ usage_per_customer_limit: null, applies_to: "all", target_product_ids: [] })
    )
    expect(failure({ discount_type: "percentage", discount_value: 150 }, stored).field).toBe("discount_value")
  })
})

describe("changedLockedRules", () => {
  it("lists type, discount and currency changes only", () => {
    const a = resolvePromotionRules({ ...base, discount_type: "fixed", discount_value: 20 }, null, ctx)
    expect(changedLockedRules(a, { ...a, name: "x" } as any)).toEqual([])
    expect(changedLockedRules(a, { ...a, discount_value: 20.0, status: "inactive" })).toEqual([])
    expect(changedLockedRules(a, { ...a, coupon_type: "personal", currency_code: "usd" })).toEqual([
      "coupon_type",
      "currency_code",
    ])
  })
})
