import { COUPON_MESSAGES } from "../eligibility"
import { REDEMPTION_MESSAGES, checkRedemption, recordUseEffect, releaseUseEffect, sumAmounts } from "../redemption"

const NOW = new Date("2030-01-01T00:00:00Z")
const cart = { currency_code: "eur", customer_id: "cus_1", items: [{ id: "i1", subtotal: 100 }] }
const fresh = { state: "unassigned" as const, customer_id: null, uses_count: 0, customers_count: 0, customers_exhausted: 0, amount_used: null }

const firstTwo = {
  status: "active" as const,
  coupon_type: "promotion_code" as const,
  discount_type: "percentage" as const,
  discount_value: 10,
  usage_per_code: "first_customers" as const,
  usage_per_code_limit: 2,
  usage_per_customer: "limited" as const,
  usage_per_customer_limit: 2,
}
const gift = {
  status: "active" as const,
  coupon_type: "personal" as const,
  discount_type: "fixed" as const,
  discount_value: "50",
  currency_code: "eur",
  usage_per_customer: "unlimited" as const,
}

describe("redemption engine", () => {
  it("sums adjustment amounts exactly", () => {
    expect(sumAmounts(["6.15", 3.85, "0.1", "0.2"])).toBe("10.3")
    expect(sumAmounts([])).toBe("0")
  })

  it("refuses a cart carrying more than the balance has left, and passes the engine's own refusals through", () => {
    const coupon = { ...fresh, customer_id: "cus_1", state: "used_partially" as const, uses_count: 1, amount_used: "40" }
    expect(checkRedemption({ promotion: gift, coupon, cart, customerUsage: { uses: 1 }, amount: "10", now: NOW })).toEqual({
      ok: true,
    })
    expect(checkRedemption({ promotion: gift, coupon, cart, customerUsage: { uses: 1 }, amount: "10.01", now: NOW })).toEqual({
      ok: false,
      reason: "balance_changed",
      message: REDEMPTION_MESSAGES.balance_changed,
    })
    expect(
      checkRedemption({ promotion: gift, coupon, cart: { ...cart, customer_id: "cus_2" }, customerUsage: { uses: 0 }, amount: "1", now: NOW })
    ).toEqual(expect.objectContaining({ ok: false, message: COUPON_MESSAGES.invalid_code }))
  })

  it("counts a customer once, exhausts them at the per-customer limit and fills 'first N' to used fully", () => {
    let effect = recordUseEffect({ promotion: firstTwo, coupon: fresh, customer_id: "a", customerUses: 0, amount: "1" })
    expect(effect).toEqual({
      coupon: { ...fresh, state: "used_partially", uses_count: 1, customers_count: 1 },
      delta: { customers_used: 1, customers_exhausted: 0 },
      counted_customer: true,
    })
    effect = recordUseEffect({ promotion: firstTwo, coupon: effect.coupon, customer_id: "a", customerUses: 1, amount: "1" })
    expect([effect.coupon.customers_count, effect.coupon.customers_exhausted, effect.delta, effect.counted_customer]).toEqual([
      1,
      1,
      { customers_used: 0, customers_exhausted: 1 },
      false,
    ])
    effect = recordUseEffect({ promotion: firstTwo, coupon: effect.coupon, customer_id: "b", customerUses: 0, amount: "1" })
    effect = recordUseEffect({ promotion: firstTwo, coupon: effect.coupon, customer_id: "b", customerUses: 1, amount: "1" })
    expect(effect.coupon).toEqual({ ...fresh, state: "used_fully", uses_count: 4, customers_count: 2, customers_exhausted: 2 })

    const back = releaseUseEffect({ promotion: firstTwo, coupon: effect.coupon, customer_id: "b", customerUses: 2, amount: "1" })
    expect(back).toEqual({
      coupon: { ...fresh, state: "used_partially", uses_count: 3, customers_count: 2, customers_exhausted: 1 },
      delta: { customers_used: 0, customers_exhausted: -1 },
      counted_customer: false,
      uncounted_customer: false,
    })
    const gone = releaseUseEffect({ promotion: firstTwo, coupon: back.coupon, customer_id: "b", customerUses: 1, amount: "1" })
    expect([gone.coupon.customers_count, gone.delta, gone.uncounted_customer]).toEqual([
      1,
      { customers_used: -1, customers_exhausted: 0 },
      true,
    ])
  })

  it("moves a personal balance both ways and gives a bound coupon back to the pool after its last use", () => {
    const used = recordUseEffect({ promotion: gift, coupon: fresh, customer_id: "cus_1", customerUses: 0, amount: "12.5", bindCustomer: true })
    expect(used.coupon).toEqual({ ...fresh, customer_id: "cus_1", state: "used_partially", uses_count: 1, customers_count: 1, amount_used: "12.5" })
    const all = recordUseEffect({ promotion: gift, coupon: used.coupon, customer_id: "cus_1", customerUses: 1, amount: "37.5" })
    expect([all.coupon.amount_used, all.coupon.state]).toEqual(["50", "used_fully"])
    const back = releaseUseEffect({ promotion: gift, coupon: all.coupon, customer_id: "cus_1", customerUses: 2, amount: "37.5", unbindCustomer: true })
    expect([back.coupon.amount_used, back.coupon.state, back.coupon.customer_id]).toEqual(["12.5", "used_partially", "cus_1"])
    const none = releaseUseEffect({ promotion: gift, coupon: back.coupon, customer_id: "cus_1", customerUses: 1, amount: "12.5", unbindCustomer: true })
    expect([none.coupon.amount_used, none.coupon.state, none.coupon.customer_id]).toEqual(["0", "unassigned", null])
  })

  it("counts every use of a cart without a customer as a new customer", () => {
    const effect = recordUseEffect({ promotion: firstTwo, coupon: fresh, customer_id: null, customerUses: 5, amount: "1" })
    expect([effect.counted_customer, effect.coupon.customers_count]).toEqual([true, 1])
    const back = releaseUseEffect({ promotion: firstTwo, coupon: effect.coupon, customer_id: null, customerUses: 0, amount: "1" })
    expect([back.uncounted_customer, back.coupon.customers_count]).toEqual([true, 0])
  })
})
