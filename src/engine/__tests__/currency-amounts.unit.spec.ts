import { CartInput, computeCouponDiscount } from "../discount"
import { CouponInput, CouponPromotionInput, checkCouponEligibility } from "../eligibility"
import { acceptedCurrencies, promotionInCurrency } from "../currency-amounts"
import { computePromotionStatus } from "../promotion-status"
import { EngineError } from "../errors"
import { PromotionRulesInput, changedLockedRules, resolvePromotionRules } from "../promotion-rules"

const NOW = new Date("2026-06-15T12:00:00.000Z")
const ctx = { now: NOW, defaultCurrency: "eur", supportedCurrencies: ["eur", "usd", "gbp"] }

const cart = (currency_code: string, subtotal: number, customer_id: string | null = "cus_1"): CartInput => ({
  currency_code,
  customer_id,
  items: [{ id: "item_1", product_id: "prod_1", subtotal }],
})

const fixed = (overrides: Partial<CouponPromotionInput> = {}): CouponPromotionInput => ({
  coupon_type: "promotion_code",
  discount_type: "fixed",
  discount_value: 10,
  currency_code: "eur",
  currency_amounts: { eur: { discount_value: 10 }, usd: { discount_value: 12 } },
  usage_per_customer: "unlimited",
  ...overrides,
})

const coupon: CouponInput = { state: "unassigned", uses_count: 0, customers_count: 0 }

const check = (promotion: CouponPromotionInput, c: CartInput, usage: Record<string, unknown> = {}) =>
  checkCouponEligibility({ promotion, coupon, cart: c, customerUsage: { uses: 0, ...usage }, now: NOW })

const failure = (input: PromotionRulesInput, existing: any = null) => {
  try {
    resolvePromotionRules(input, existing, ctx)
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError)
    return { field: (e as EngineError).field, message: (e as EngineError).message }
  }
  throw new Error("expected a rule error")
}

describe("amounts per currency at the cart", () => {
  it("gives {eur: 10, usd: 12} as 12.00 on a USD 70 cart and 10.00 on an EUR cart", () => {
    expect(check(fixed(), cart("usd", 70))).toEqual({ ok: true })
    expect(computeCouponDiscount({ promotion: fixed(), cart: cart("usd", 70) }).total).toBe(12)
    expect(computeCouponDiscount({ promotion: fixed(), cart: cart("EUR", 70) }).total).toBe(10)
  })

  it("refuses a cart in a currency without amounts, naming the accepted ones, and gives it nothing", () => {
    expect(check(fixed(), cart("gbp", 70))).toEqual({
      ok: false,
      reason: "wrong_currency",
      message: "This coupon is not valid for the cart's currency",
      details: { expected_currency_code: "EUR", accepted_currency_codes: ["EUR", "USD"] },
    })
    expect(computeCouponDiscount({ promotion: fixed(), cart: cart("gbp", 70) }).total).toBe(0)
  })

  it("reads the minimum purchase of the cart's currency: EUR 45 under {eur: 50} misses 5.00 EUR", () => {
    const promotion = fixed({
      min_purchase: 50,
      currency_amounts: { eur: { discount_value: 10, min_purchase: 50 }, usd: { discount_value: 12 } },
    })
    expect(check(promotion, cart("eur", 45))).toEqual({
      ok: false,
      reason: "min_purchase_not_met",
      message: "Add 5.00 EUR more to use this coupon",
      details: { min_purchase: 50, eligible_subtotal: 45, missing_amount: 5, currency_code: "EUR" },
    })
    // USD has no minimum.
    expect(check(promotion, cart("usd", 45))).toEqual({ ok: true })
  })

  it("caps a percentage per currency", () => {
    const promotion: CouponPromotionInput = {
      ...fixed(),
      discount_type: "percentage",
      discount_value: 50,
      currency_amounts: { eur: { max_discount: 20 }, usd: { max_discount: 30 } },
    }
    expect(computeCouponDiscount({ promotion, cart: cart("eur", 100) }).total).toBe(20)
    expect(computeCouponDiscount({ promotion, cart: cart("usd", 100) }).total).toBe(30)
  })

  it("spends each currency's budget on its own; the promotion expires when every currency's budget is spent", () => {
    const promotion = fixed({
      currency_amounts: { eur: { discount_value: 10, budget: 20 }, usd: { discount_value: 12, budget: 24 } },
      discount_used: { eur: "20", usd: "12" },
    })
    expect(computePromotionStatus(promotion, NOW)).toBe("active")
    expect(check(promotion, cart("eur", 70))).toEqual({
      ok: false,
      reason: "expired",
      message: "This coupon has expired",
      details: { cause: "budget_exhausted" },
    })
    expect(computeCouponDiscount({ promotion, cart: cart("usd", 70) }).total).toBe(12)
    expect(computePromotionStatus({ ...promotion, discount_used: { eur: "20", usd: "24" } }, NOW)).toBe("expired")
    // A currency without a budget never runs out.
    expect(
      computePromotionStatus(
        { ...promotion, currency_amounts: { eur: { discount_value: 10, budget: 20 }, usd: { discount_value: 12 } }, discount_used: { eur: "20", usd: "500" } },
        NOW
      )
    ).toBe("active")
  })

  it("reads a promotion without rows the single-currency way", () => {
    const legacy = fixed({ currency_amounts: {} })
    expect(acceptedCurrencies(legacy)).toEqual(["EUR"])
    expect(promotionInCurrency(legacy, "usd")).toBeNull()
    const anyCurrency = { ...legacy, discount_type: "percentage" as const }
    expect(acceptedCurrencies(anyCurrency)).toBeNull()
    expect(promotionInCurrency(anyCurrency, "jpy")).toBe(anyCurrency)
  })
})

describe("customer groups and first order", () => {
  const grouped = fixed({ customer_group_ids: ["cgrp_vip"] })
  const message = "This coupon is reserved for selected customers. If you are one of them, log in and try again."
  it("lets only logged-in members of a group through", () => {
    expect(check(grouped, cart("eur", 70), { group_ids: ["cgrp_other", "cgrp_vip"] })).toEqual({ ok: true })
    expect(check(grouped, cart("eur", 70), { group_ids: ["cgrp_other"] })).toEqual({ ok: false, reason: "customer_group", message })
    expect(check(grouped, cart("eur", 70, null), { group_ids: ["cgrp_vip"] })).toEqual({ ok: false, reason: "customer_group", message })
    // Groups not loaded: refused, never waved through.
    expect(check(grouped, cart("eur", 70))).toEqual({ ok: false, reason: "customer_group", message })
  })

  it("refuses a shopper with an earlier order on a first-order promotion, and when nothing was loaded", () => {
    const first = fixed({ first_order_only: true })
    const refused = { ok: false, reason: "not_first_order", message: "This coupon is only valid on your first order" }
    expect(check(first, cart("eur", 70, null), { prior_orders: 0 })).toEqual({ ok: true })
    expect(check(first, cart("eur", 70, null), { prior_orders: 1 })).toEqual(refused)
    expect(check(first, cart("eur", 70))).toEqual(refused)
  })
})

describe("resolvePromotionRules with currency_amounts", () => {
  const base: PromotionRulesInput = { coupon_type: "promotion_code", discount_type: "fixed" }

  it("stores the rows and the main currency's row in the single-currency fields", () => {
    const rules = resolvePromotionRules(
      { ...base, currency_amounts: { USD: { discount_value: 12, min_purchase: 60 }, eur: { discount_value: 10 } } },
      null,
      ctx
    )
    expect(rules).toEqual(
      expect.objectContaining({
        currency_code: "eur",
        discount_value: 10,
        min_purchase: 0,
        currency_amounts: {
          usd: { discount_value: 12, min_purchase: 60, max_discount: null, budget: null },
          eur: { discount_value: 10, min_purchase: null, max_discount: null, budget: null },
        },
      })
    )
    // Without the store's default among them, the first in order is the main one; a named one must be among them.
    expect(resolvePromotionRules({ ...base, currency_amounts: { usd: { discount_value: 12 } } }, null, ctx).currency_code).toBe("usd")
    expect(failure({ ...base, currency_code: "gbp", currency_amounts: { usd: { discount_value: 12 } } })).toEqual({
      field: "currency_code",
      message: "Field 'currency_code' must be one of the currencies of 'currency_amounts' (usd)",
    })
  })

  it("refuses what cannot be meant, naming the field", () => {
    expect(failure({ ...base, currency_amounts: { jpy: { discount_value: 1000 } } })).toEqual({
      field: "currency_amounts.jpy",
      message: "Field 'currency_amounts': 'jpy' is not a currency of the store's regions (allowed: eur, usd, gbp)",
    })
    expect(failure({ ...base, currency_amounts: { usd: { min_purchase: 10 } } })).toEqual({
      field: "currency_amounts.usd.discount_value",
      message: "Field 'currency_amounts.usd.discount_value' must be greater than 0 for a fixed discount",
    })
    expect(failure({ ...base, discount_value: 5, currency_amounts: { usd: { discount_value: 12 } } })).toEqual({
      field: "currency_amounts",
      message: "Send either 'currency_amounts' or the single-currency amounts, not both ('discount_value' was given too)",
    })
    expect(failure({ ...base, currency_amounts: {} })).toEqual({
      field: "currency_amounts",
      message: "Field 'currency_amounts' must hold at least one currency for a fixed discount",
    })
    expect(
      failure({ ...base, coupon_type: "personal", currency_amounts: { eur: { discount_value: 10 }, usd: { discount_value: 12 } } })
    ).toEqual({
      field: "currency_amounts",
      message: "Field 'currency_amounts': a personal fixed coupon is a balance in one currency; give exactly one",
    })
    expect(
      failure({ ...base, discount_type: "percentage", discount_value: 10, currency_amounts: { eur: { discount_value: 10 } } })
    ).toEqual({
      field: "currency_amounts.eur.discount_value",
      message: "Field 'currency_amounts.eur.discount_value' applies only to a fixed discount; a percentage is 'discount_value' itself",
    })
  })

  it("writes single-currency updates into the main row and keeps the others", () => {
    const existing = resolvePromotionRules(
      { ...base, currency_amounts: { eur: { discount_value: 10 }, usd: { discount_value: 12 } } },
      null,
      ctx
    )
    const updated = resolvePromotionRules({ min_purchase: 50 }, existing, ctx)
    expect(updated.currency_amounts).toEqual({
      eur: { discount_value: 10, min_purchase: 50, max_discount: null, budget: null },
      usd: { discount_value: 12, min_purchase: null, max_discount: null, budget: null },
    })
    // A single-currency promotion made before rows existed becomes one row; moving its currency moves the row.
    const legacy = { ...resolvePromotionRules({ ...base, discount_value: 10 }, null, ctx), currency_amounts: {} }
    expect(resolvePromotionRules({ currency_code: "usd" }, legacy, ctx).currency_amounts).toEqual({
      usd: { discount_value: 10, min_purchase: null, max_discount: null, budget: null },
    })
    // Used codes keep their amounts: changing one is locked, adding a currency is not.
    expect(
      changedLockedRules(existing, resolvePromotionRules({ currency_amounts: { eur: { discount_value: 10 }, usd: { discount_value: 15 } } }, existing, ctx))
    ).toEqual(["currency_amounts"])
    // The main currency's amount is named as discount_value, once.
    expect(
      changedLockedRules(existing, resolvePromotionRules({ currency_amounts: { eur: { discount_value: 11 }, usd: { discount_value: 12 } } }, existing, ctx))
    ).toEqual(["discount_value"])
    expect(
      changedLockedRules(
        existing,
        resolvePromotionRules({ currency_amounts: { eur: { discount_value: 10 }, usd: { discount_value: 12 }, gbp: { discount_value: 9 } } }, existing, ctx)
      )
    ).toEqual([])
  })

  it("keeps customer groups unique and the first-order switch", () => {
    const rules = resolvePromotionRules({ ...base, discount_value: 5, customer_group_ids: ["g1", " g1", "g2"], first_order_only: true }, null, ctx)
    expect([rules.customer_group_ids, rules.first_order_only]).toEqual([["g1", "g2"], true])
  })
})
