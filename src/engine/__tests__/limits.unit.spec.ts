import { CartInput, CartItemInput, DiscountPromotionInput, computeCouponDiscount, eligibleSubtotal } from "../discount"
import { CouponPromotionInput, checkCouponEligibility } from "../eligibility"
import { budgetRemaining, orderDiscountCapMinor, promotionCapReached } from "../limits"
import { computePromotionStatus } from "../promotion-status"
import { resolvePromotionRules } from "../promotion-rules"

const NOW = new Date("2026-06-15T12:00:00.000Z")

const item = (id: string, subtotal: number | string, overrides: Partial<CartItemInput> = {}): CartItemInput => ({
  id,
  product_id: `prod_${id}`,
  collection_id: null,
  category_ids: [],
  subtotal,
  other_adjustments_total: 0,
  ...overrides,
})

const cart = (items: CartItemInput[], overrides: Partial<CartInput> = {}): CartInput => ({
  currency_code: "eur",
  sales_channel_id: null,
  customer_id: "cus_1",
  items,
  ...overrides,
})

const percent = (value: number, overrides: Partial<DiscountPromotionInput> = {}): DiscountPromotionInput => ({
  coupon_type: "promotion_code",
  discount_type: "percentage",
  discount_value: value,
  currency_code: "eur",
  ...overrides,
})

const lines = (discount: { lines: { item_id: string; amount: number }[] }) =>
  Object.fromEntries(discount.lines.map((line) => [line.item_id, line.amount]))

describe("percentage cap (max_discount)", () => {
  it("50 % capped at 20 on a 100 cart gives 20.00", () => {
    const discount = computeCouponDiscount({ promotion: percent(50, { max_discount: 20 }), cart: cart([item("a", 100)]) })
    expect(discount.total).toBe(20)
    expect(lines(discount)).toEqual({ a: 20 })
  })

  it("splits a capped total over the lines by their share, cent-exact", () => {
    const discount = computeCouponDiscount({
      promotion: percent(50, { max_discount: 10 }),
      cart: cart([item("a", 33.33), item("b", 33.33), item("c", 33.34)]),
    })
    expect(discount.total).toBe(10)
    expect(discount.lines.reduce((sum, line) => sum + Math.round(line.amount * 100), 0)).toBe(1000)
    expect(lines(discount)).toEqual({ a: 3.33, b: 3.33, c: 3.34 })
  })

  it("leaves a discount under the cap alone", () => {
    expect(computeCouponDiscount({ promotion: percent(10, { max_discount: 20 }), cart: cart([item("a", 100)]) }).total).toBe(10)
  })

  it("applies to percentages only", () => {
    expect(orderDiscountCapMinor({ discount_type: "fixed", max_discount: 5, currency_code: "eur" }, 2)).toBeNull()
    expect(orderDiscountCapMinor({ discount_type: "percentage", max_discount: 5, currency_code: "eur" }, 2)).toBe(BigInt(500))
  })
})

describe("budget", () => {
  const fixed = (overrides: Partial<DiscountPromotionInput> = {}): DiscountPromotionInput => ({
    coupon_type: "promotion_code",
    discount_type: "fixed",
    discount_value: 10,
    currency_code: "eur",
    budget: 15,
    ...overrides,
  })

  it("gives the last order what is left (10, then 5, then nothing)", () => {
    const c = cart([item("a", 50)])
    expect(computeCouponDiscount({ promotion: fixed({ discount_used: {} }), cart: c }).total).toBe(10)
    expect(computeCouponDiscount({ promotion: fixed({ discount_used: { eur: "10" } }), cart: c }).total).toBe(5)
    expect(computeCouponDiscount({ promotion: fixed({ discount_used: { eur: "15" } }), cart: c }).total).toBe(0)
  })

  it("reads what is left in the promotion's currency, rounded down to the cent", () => {
    expect(budgetRemaining(fixed({ discount_used: { eur: "4.995", usd: "100" } }), 2)).toBe(10)
    expect(budgetRemaining(fixed({ budget: null }), 2)).toBeNull()
  })

  it("caps a percentage by the budget and the cap, whichever is lower", () => {
    const promotion = percent(50, { max_discount: 20, budget: 100, discount_used: { eur: "88" } })
    expect(computeCouponDiscount({ promotion, cart: cart([item("a", 100)]) }).total).toBe(12)
  })
})

describe("promotion-wide caps in the status", () => {
  const base: CouponPromotionInput = {
    status: "active",
    coupon_type: "promotion_code",
    discount_type: "fixed",
    discount_value: 10,
    currency_code: "eur",
  }

  it("expires a promotion whose orders reach max_orders, and gives it back below", () => {
    expect(promotionCapReached({ max_orders: 20, orders_count: 20 })).toBe("max_orders_reached")
    expect(computePromotionStatus({ ...base, max_orders: 20, orders_count: 20 }, NOW)).toBe("expired")
    expect(computePromotionStatus({ ...base, max_orders: 20, orders_count: 19 }, NOW)).toBe("active")
  })

  it("expires a promotion whose budget is spent", () => {
    expect(promotionCapReached({ budget: 15, currency_code: "eur", discount_used: { eur: "15" } })).toBe("budget_exhausted")
    expect(promotionCapReached({ budget: 15, currency_code: "eur", discount_used: { eur: "14.99" } })).toBeNull()
  })

  it("refuses a code of an exhausted promotion as expired, naming the cause", () => {
    const check = (promotion: CouponPromotionInput) =>
      checkCouponEligibility({
        promotion,
        coupon: { state: "unassigned" },
        cart: cart([item("a", 50)]),
        now: NOW,
      })
    expect(check({ ...base, max_orders: 2, orders_count: 2 })).toEqual({
      ok: false,
      reason: "expired",
      message: "This coupon has expired",
      details: { cause: "max_orders_reached" },
    })
    expect(check({ ...base, budget: 15, discount_used: { eur: "15" } })).toMatchObject({
      ok: false,
      details: { cause: "budget_exhausted" },
    })
  })
})

describe("exclusions", () => {
  const promotion = percent(10, {
    min_purchase: 60,
    excluded_product_ids: ["prod_b"],
    excluded_collection_ids: ["col_sale"],
    excluded_category_ids: ["cat_gift"],
  } as Partial<DiscountPromotionInput>)
  const items = [
    item("a", 50),
    item("b", 40),
    item("c", 30, { collection_id: "col_sale" }),
    item("d", 20, { category_ids: ["cat_gift"] }),
    item("e", 20),
  ]

  it("gives excluded lines nothing", () => {
    expect(lines(computeCouponDiscount({ promotion, cart: cart(items) }))).toEqual({ a: 5, e: 2 })
  })

  it("leaves excluded lines out of the minimum purchase", () => {
    expect(Number(eligibleSubtotal(promotion, items).units)).toBe(70)
    const refusal = checkCouponEligibility({
      promotion: { ...(promotion as CouponPromotionInput), status: "active", min_purchase: 80 },
      coupon: { state: "unassigned" },
      cart: cart(items),
      now: NOW,
    })
    expect(refusal).toMatchObject({ ok: false, reason: "min_purchase_not_met", details: { missing_amount: 10 } })
  })

  it("skips lines carrying a native discount when exclude_discounted_lines is on", () => {
    const withNative = [item("a", 50, { native_discounted: true, other_adjustments_total: 5 }), item("e", 20)]
    const on = percent(10, { exclude_discounted_lines: true } as Partial<DiscountPromotionInput>)
    expect(lines(computeCouponDiscount({ promotion: on, cart: cart(withNative) }))).toEqual({ e: 2 })
    expect(lines(computeCouponDiscount({ promotion: percent(10), cart: cart(withNative) }))).toEqual({ a: 4.5, e: 2 })
  })
})

describe("limit rules", () => {
  const ctx = { now: NOW, defaultCurrency: "eur", supportedCurrencies: ["eur", "usd"] }
  const base = { coupon_type: "promotion_code", discount_type: "percentage", discount_value: 10 } as const

  it("defaults the per-customer scope by coupon type, and keeps a stored one", () => {
    expect(resolvePromotionRules(base, null, ctx).per_customer_scope).toBe("promotion")
    expect(resolvePromotionRules({ ...base, coupon_type: "personal" }, null, ctx).per_customer_scope).toBe("code")
    const stored = { ...resolvePromotionRules(base, null, ctx), per_customer_scope: "code" as const }
    expect(resolvePromotionRules({ discount_value: 20 }, stored, ctx).per_customer_scope).toBe("code")
  })

  it("needs a currency for a budget or a cap, and takes the store's", () => {
    expect(resolvePromotionRules({ ...base, budget: 100 }, null, ctx).currency_code).toBe("eur")
    expect(resolvePromotionRules({ ...base, max_discount: 20 }, null, ctx).currency_code).toBe("eur")
    expect(resolvePromotionRules(base, null, ctx).currency_code).toBeNull()
  })

  it("refuses a cap on a fixed discount, and non-positive limits", () => {
    const message = (input: object) => {
      try {
        resolvePromotionRules({ ...base, ...input } as any, null, ctx)
      } catch (e) {
        return (e as Error).message
      }
      return null
    }
    expect(message({ discount_type: "fixed", max_discount: 5 })).toBe(
      "Field 'max_discount' applies only when 'discount_type' is 'percentage'"
    )
    expect(message({ max_orders: 0 })).toBe("Field 'max_orders' must be a positive whole number or null")
    expect(message({ budget: -1 })).toBe("Field 'budget' must be greater than 0 or null")
  })
})
