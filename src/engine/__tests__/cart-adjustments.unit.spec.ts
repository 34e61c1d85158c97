import { preTaxAdjustmentAmount, sumAdjustmentsByItem } from "../cart-adjustments"
import { computeCouponDiscount } from "../discount"

describe("cart adjustments → other_adjustments_total", () => {
  it("sums tax-exclusive amounts per line exactly", () => {
    const sums = sumAdjustmentsByItem([
      { item_id: "a", amount: 0.1 },
      { item_id: "a", amount: "0.2" },
      { item_id: "b", amount: 3 },
    ])
    expect(sums.get("a")).toBe("0.3")
    expect(sums.get("b")).toBe("3")
  })

  it("takes only the pre-tax part of a tax-inclusive amount (subtotal / original_total), rounded up", () => {
    // 12 incl. 20% tax on a line of 100 net / 120 gross → 10 net.
    expect(
      sumAdjustmentsByItem([{ item_id: "a", amount: 12, is_tax_inclusive: true }], new Map([["a", { subtotal: 100, original_total: 120 }]])).get("a")
    ).toBe("10.0000000000")
    // 10 incl. tax at 100 / 119 → 8.4033613445… rounded up in the 10th decimal.
    const preTax = preTaxAdjustmentAmount({ item_id: "a", amount: 10, is_tax_inclusive: true }, { subtotal: 100, original_total: 119 })
    expect(preTax).toEqual({ units: BigInt("84033613446"), scale: 10 })
  })

  it("ignores the tax flag without line totals", () => {
    expect(sumAdjustmentsByItem([{ item_id: "a", amount: 5, is_tax_inclusive: true }]).get("a")).toBe("5")
  })

  it("feeds the engine cap: a coupon never takes a line below zero next to native discounts", () => {
    const other = sumAdjustmentsByItem([{ item_id: "a", amount: 70 }, { item_id: "a", amount: 25 }])
    const discount = computeCouponDiscount({
      promotion: { coupon_type: "promotion_code", discount_type: "fixed", discount_value: 20 },
      cart: { currency_code: "eur", items: [{ id: "a", subtotal: 100, other_adjustments_total: other.get("a") }] },
    })
    expect(discount.total).toBe(5)
  })
})
