import { CartInput, CartItemInput } from "../discount"
import {
  COUPON_MESSAGES,
  CouponInput,
  CouponPromotionInput,
  checkCouponEligibility,
  couponUsageState,
  isCustomerExhausted,
  minPurchaseMessage,
  remainingUses,
} from "../eligibility"

const NOW = new Date("2025-06-15T12:00:00.000Z")

const promotion = (overrides: Partial<CouponPromotionInput> = {}): CouponPromotionInput => ({
  status: "active",
  inactive_message: "The coupon is inactive until further notice",
  archived_at: null,
  coupon_type: "promotion_code",
  discount_type: "percentage",
  discount_value: 10,
  currency_code: "eur",
  sales_channel_id: "sc_web",
  applies_to: "all",
  target_product_ids: [],
  target_collection_ids: [],
  target_category_ids: [],
  min_purchase: 0,
  usage_per_customer: "unlimited",
  usage_per_customer_limit: null,
  usage_per_code: "unlimited",
  usage_per_code_limit: null,
  starts_at: null,
  ends_at: null,
  codes_total: 100,
  codes_used_fully: 0,
  customers_used: 0,
  customers_exhausted: 0,
  ...overrides,
})

const coupon = (overrides: Partial<CouponInput> = {}): CouponInput => ({
  state: "unassigned",
  customer_id: null,
  expires_at: null,
  amount_used: null,
  uses_count: 0,
  customers_count: 0,
  customers_exhausted: 0,
  ...overrides,
})

const item = (id: string, subtotal: CartItemInput["subtotal"], overrides: Partial<CartItemInput> = {}): CartItemInput => ({
  id,
  product_id: `prod_${id}`,
  collection_id: null,
  category_ids: [],
  quantity: 1,
  unit_price: subtotal,
  subtotal,
  other_adjustments_total: 0,
  ...overrides,
})

const cart = (overrides: Partial<CartInput> = {}): CartInput => ({
  currency_code: "eur",
  sales_channel_id: "sc_web",
  customer_id: "cus_me",
  items: [item("a", 60), item("b", 40)],
  ...overrides,
})

type CheckInput = Parameters<typeof checkCouponEligibility>[0]
const check = (overrides: Partial<CheckInput> = {}) =>
  checkCouponEligibility({
    promotion: promotion(),
    coupon: coupon(),
    cart: cart(),
    customerUsage: { uses: 0 },
    now: NOW,
    ...overrides,
  })

describe("COUPON_MESSAGES", () => {
  it("holds the exact shopper-facing texts", () => {
    expect(COUPON_MESSAGES).toEqual({
      invalid_code: "The coupon code is invalid. If it was given to you personally, log in and try again.",
      inactive_default: "The coupon is inactive until further notice",
      not_yet_valid: "This coupon is not valid yet",
      expired: "This coupon has expired",
      already_used: "You have already used this coupon",
      usage_limit_reached: "This coupon has reached its usage limit",
      wrong_sales_channel: "This coupon is not valid in this store",
      wrong_currency: "This coupon is not valid for the cart's currency",
      no_eligible_items: "This coupon does not apply to any product in your cart",
      not_combinable: "This code cannot be combined with the other codes in your cart",
      too_many_coupons: "Your cart already holds as many coupons as one order can use",
      customer_group: "This coupon is reserved for selected customers. If you are one of them, log in and try again.",
      not_first_order: "This coupon is only valid on your first order",
    })
    expect(minPurchaseMessage("12.50 EUR")).toBe("Add 12.50 EUR more to use this coupon")
  })
})

describe("checkCouponEligibility", () => {
  it("accepts a usable coupon", () => {
    expect(check()).toEqual({ ok: true })
  })

  describe("one refusal for unknown, archived, void and someone else's coupon", () => {
    const invalid = {
      ok: false,
      reason: "invalid_code",
      message: "The coupon code is invalid. If it was given to you personally, log in and try again.",
    }

    it("refuses an unknown code", () => {
      expect(check({ coupon: null })).toEqual(invalid)
      expect(check({ promotion: null })).toEqual(invalid)
    })

    it("refuses an archived promotion's code, even when it is also inactive or expired", () => {
      expect(check({ promotion: promotion({ archived_at: NOW }) })).toEqual(invalid)
      expect(check({ promotion: promotion({ archived_at: NOW, status: "inactive", ends_at: "2020-01-01" }) })).toEqual(
        invalid
      )
    })

    it("refuses a void code", () => {
      expect(check({ coupon: coupon({ state: "void" }) })).toEqual(invalid)
    })

    it("refuses a personal coupon owned by another customer without revealing its state", () => {
      const personal = promotion({ coupon_type: "personal" })
      expect(check({ promotion: personal, coupon: coupon({ customer_id: "cus_other" }) })).toEqual(invalid)
      expect(
        check({
          promotion: promotion({ coupon_type: "personal", status: "inactive", ends_at: "2020-01-01" }),
          coupon: coupon({ customer_id: "cus_other", uses_count: 1 }),
        })
      ).toEqual(invalid)
    })
  })

  describe("personal coupons", () => {
    const personal = promotion({ coupon_type: "personal", usage_per_customer: "one_order" })

    it("reads 'invalid' for a guest, as an unknown code does, so personal codes cannot be probed", () => {
      const invalid = { ok: false, reason: "invalid_code", message: COUPON_MESSAGES.invalid_code }
      expect(check({ promotion: personal, cart: cart({ customer_id: null }) })).toEqual(invalid)
      expect(
        check({ promotion: personal, coupon: coupon({ customer_id: "cus_owner" }), cart: cart({ customer_id: null }) })
      ).toEqual(invalid)
    })

    it("accepts the owner", () => {
      expect(check({ promotion: personal, coupon: coupon({ state: "assigned", customer_id: "cus_me" }) })).toEqual({
        ok: true,
      })
    })

    it("accepts an unowned code for a logged-in customer (distributed by email or print)", () => {
      expect(check({ promotion: personal, coupon: coupon({ customer_id: null }) })).toEqual({ ok: true })
    })

    it("refuses a second order when limited to one order, even with balance left", () => {
      const giftCard = promotion({
        coupon_type: "personal",
        discount_type: "fixed",
        discount_value: 50,
        usage_per_customer: "one_order",
      })
      const used = coupon({ state: "used_partially", customer_id: "cus_me", uses_count: 1, amount_used: 20 })
      expect(check({ promotion: giftCard, coupon: used, customerUsage: { uses: 1 } })).toEqual({
        ok: false,
        reason: "already_used",
        message: "You have already used this coupon",
      })
      // The code's own count is enough: the owner is its only user.
      expect(check({ promotion: giftCard, coupon: used, customerUsage: { uses: 0 } })).toMatchObject({
        reason: "already_used",
      })
    })

    it("counts orders against 'limited to N orders'", () => {
      const threeOrders = promotion({ coupon_type: "personal", usage_per_customer: "limited", usage_per_customer_limit: 3 })
      const mine = (uses: number) => coupon({ customer_id: "cus_me", uses_count: uses })
      expect(check({ promotion: threeOrders, coupon: mine(2), customerUsage: { uses: 2 } })).toEqual({ ok: true })
      expect(check({ promotion: threeOrders, coupon: mine(3), customerUsage: { uses: 3 } })).toMatchObject({
        reason: "already_used",
      })
    })

    it("reports a spent gift-card balance as expired", () => {
      const giftCard = promotion({
        coupon_type: "personal",
        discount_type: "fixed",
        discount_value: 50,
        usage_per_customer: "unlimited",
      })
      const mine = (amount_used: number | string) => coupon({ customer_id: "cus_me", uses_count: 2, amount_used })
      expect(check({ promotion: giftCard, coupon: mine(49.99), customerUsage: { uses: 2 } })).toEqual({ ok: true })
      expect(check({ promotion: giftCard, coupon: mine("50.00"), customerUsage: { uses: 2 } })).toEqual({
        ok: false,
        reason: "expired",
        message: "This coupon has expired",
        details: { cause: "balance_exhausted" },
      })
    })
  })

  it("shows the promotion's own inactive message", () => {
    expect(check({ promotion: promotion({ status: "inactive", inactive_message: "Back after the holidays" }) })).toEqual({
      ok: false,
      reason: "inactive",
      message: "Back after the holidays",
    })
  })

  it("falls back to the default inactive message when the promotion has none", () => {
    expect(check({ promotion: promotion({ status: "inactive", inactive_message: "  " }) })).toMatchObject({
      message: "The coupon is inactive until further notice",
    })
    expect(check({ promotion: promotion({ status: "inactive", inactive_message: null }) })).toMatchObject({
      message: "The coupon is inactive until further notice",
    })
  })

  it("says inactive before expired (the administrator's switch wins)", () => {
    expect(check({ promotion: promotion({ status: "inactive", ends_at: "2020-01-01T00:00:00Z" }) })).toMatchObject({
      reason: "inactive",
    })
  })

  it("refuses a coupon that has not started yet, giving the start as a detail", () => {
    expect(check({ promotion: promotion({ starts_at: "2025-07-01T00:00:00Z" }) })).toEqual({
      ok: false,
      reason: "not_yet_valid",
      message: "This coupon is not valid yet",
      details: { starts_at: "2025-07-01T00:00:00.000Z" },
    })
  })

  it("refuses a coupon whose promotion ended", () => {
    expect(check({ promotion: promotion({ ends_at: "2025-06-15T12:00:00.000Z" }) })).toEqual({
      ok: false,
      reason: "expired",
      message: "This coupon has expired",
      details: { cause: "ends_at", expired_at: "2025-06-15T12:00:00.000Z" },
    })
  })

  it("refuses a coupon past its own expiry (validity after assignment)", () => {
    expect(check({ coupon: coupon({ expires_at: new Date("2025-06-14T00:00:00Z") }) })).toEqual({
      ok: false,
      reason: "expired",
      message: "This coupon has expired",
      details: { cause: "coupon_expires_at", expired_at: "2025-06-14T00:00:00.000Z" },
    })
    expect(check({ coupon: coupon({ expires_at: new Date("2025-06-16T00:00:00Z") }) })).toEqual({ ok: true })
  })

  it("refuses a coupon of a used-up promotion", () => {
    expect(check({ promotion: promotion({ codes_total: 5, codes_used_fully: 5 }) })).toEqual({
      ok: false,
      reason: "expired",
      message: "This coupon has expired",
      details: { cause: "used_up" },
    })
    expect(check({ coupon: coupon({ state: "used_fully" }) })).toMatchObject({ reason: "expired" })
  })

  describe("promotion codes", () => {
    it("refuses a customer who already used a one-order code", () => {
      const oneOrder = promotion({ usage_per_customer: "one_order" })
      expect(check({ promotion: oneOrder, customerUsage: { uses: 1 } })).toEqual({
        ok: false,
        reason: "already_used",
        message: "You have already used this coupon",
      })
      // Other customers' uses of the shared code do not count against this one.
      expect(check({ promotion: oneOrder, coupon: coupon({ uses_count: 40 }), customerUsage: { uses: 0 } })).toEqual({
        ok: true,
      })
    })

    it("does not restrict a promotion code given to another customer", () => {
      expect(check({ coupon: coupon({ state: "assigned", customer_id: "cus_other" }) })).toEqual({ ok: true })
    })

    it("says 'already used' rather than 'expired' when the used-up code was used by this customer", () => {
      const oneCode = promotion({ usage_per_customer: "one_order", codes_total: 1, codes_used_fully: 1 })
      expect(check({ promotion: oneCode, coupon: coupon({ state: "used_fully" }), customerUsage: { uses: 1 } })).toMatchObject({
        reason: "already_used",
      })
    })

    describe("first N customers", () => {
      const firstFive = promotion({
        usage_per_code: "first_customers",
        usage_per_code_limit: 5,
        usage_per_customer: "limited",
        usage_per_customer_limit: 2,
      })
      const full = coupon({ uses_count: 7, customers_count: 5, customers_exhausted: 2 })

      it("turns away a sixth customer", () => {
        expect(check({ promotion: firstFive, coupon: full, customerUsage: { uses: 0 } })).toEqual({
          ok: false,
          reason: "usage_limit_reached",
          message: "This coupon has reached its usage limit",
        })
      })

      it("lets a counted customer keep using it within the per-customer limit", () => {
        expect(check({ promotion: firstFive, coupon: full, customerUsage: { uses: 1 } })).toEqual({ ok: true })
        expect(check({ promotion: firstFive, coupon: full, customerUsage: { uses: 2 } })).toMatchObject({
          reason: "already_used",
        })
      })

      it("accepts new customers while places are left", () => {
        const open = coupon({ uses_count: 4, customers_count: 4 })
        expect(check({ promotion: firstFive, coupon: open, customerUsage: { uses: 0 } })).toEqual({ ok: true })
      })
    })
  })

  it("refuses a coupon of another sales channel", () => {
    expect(check({ cart: cart({ sales_channel_id: "sc_shop2" }) })).toEqual({
      ok: false,
      reason: "wrong_sales_channel",
      message: "This coupon is not valid in this store",
    })
    expect(check({ cart: cart({ sales_channel_id: null }) })).toMatchObject({ reason: "wrong_sales_channel" })
    expect(check({ promotion: promotion({ sales_channel_id: null }), cart: cart({ sales_channel_id: "sc_any" }) })).toEqual(
      { ok: true }
    )
  })

  describe("currency", () => {
    it("refuses a fixed discount in another currency", () => {
      expect(
        check({
          promotion: promotion({ discount_type: "fixed", discount_value: 10, currency_code: "usd" }),
        })
      ).toEqual({
        ok: false,
        reason: "wrong_currency",
        message: "This coupon is not valid for the cart's currency",
        details: { expected_currency_code: "USD", accepted_currency_codes: ["USD"] },
      })
    })

    it("compares currency codes case-insensitively", () => {
      expect(check({ promotion: promotion({ discount_type: "fixed", currency_code: "EUR" }) })).toEqual({ ok: true })
    })

    it("lets a percentage without minimum work in any currency", () => {
      expect(check({ promotion: promotion({ currency_code: "usd" }) })).toEqual({ ok: true })
    })

    it("refuses a percentage whose minimum purchase is in another currency", () => {
      expect(check({ promotion: promotion({ currency_code: "usd", min_purchase: 20 }) })).toMatchObject({
        reason: "wrong_currency",
      })
    })
  })

  describe("targeted products", () => {
    const xmas = promotion({ applies_to: "specific", target_collection_ids: ["pcol_xmas"] })

    it("refuses a cart without any targeted product", () => {
      expect(check({ promotion: xmas })).toEqual({
        ok: false,
        reason: "no_eligible_items",
        message: "This coupon does not apply to any product in your cart",
      })
    })

    it("accepts a cart with a product added to the collection later", () => {
      expect(check({ promotion: xmas, cart: cart({ items: [item("a", 10, { collection_id: "pcol_xmas" })] }) })).toEqual({
        ok: true,
      })
    })

    it("accepts an empty cart for an all-products coupon without minimum", () => {
      expect(check({ cart: cart({ items: [] }) })).toEqual({ ok: true })
    })
  })

  describe("minimum purchase", () => {
    it("measures all products when the coupon applies to all", () => {
      expect(check({ promotion: promotion({ min_purchase: 100 }) })).toEqual({ ok: true })
      expect(check({ promotion: promotion({ min_purchase: "112.5" }) })).toEqual({
        ok: false,
        reason: "min_purchase_not_met",
        message: "Add 12.50 EUR more to use this coupon",
        details: { min_purchase: 112.5, eligible_subtotal: 100, missing_amount: 12.5, currency_code: "EUR" },
      })
    })

    it("measures only the targeted products when the coupon targets some", () => {
      const targeted = promotion({ applies_to: "specific", target_product_ids: ["prod_t"], min_purchase: 50 })
      const items = [item("t", "37.50"), item("other", 500)]
      expect(check({ promotion: targeted, cart: cart({ items }) })).toMatchObject({
        reason: "min_purchase_not_met",
        message: "Add 12.50 EUR more to use this coupon",
      })
      // The same cart meets an all-products minimum of 50 easily.
      expect(check({ promotion: promotion({ min_purchase: 50 }), cart: cart({ items }) })).toEqual({ ok: true })
    })

    it("ignores native discounts and tax: the minimum is on the pre-tax subtotal", () => {
      const items = [item("a", 50, { other_adjustments_total: 20 })]
      expect(check({ promotion: promotion({ min_purchase: 50 }), cart: cart({ items }) })).toEqual({ ok: true })
    })

    it("rounds the missing amount up so that adding it is always enough", () => {
      // 10.00 incl. 19 % VAT = 8.40336… pre-tax; 10 − 8.40336… = 1.59663… → 1.60.
      const items = [item("a", "8.4033613445378151261", { unit_price: 10, is_tax_inclusive: true })]
      expect(check({ promotion: promotion({ min_purchase: 10 }), cart: cart({ items }) })).toMatchObject({
        message: "Add 1.60 EUR more to use this coupon",
        details: { missing_amount: 1.6, eligible_subtotal: 8.4 },
      })
    })

    it("formats the missing amount in the cart's currency", () => {
      expect(
        check({
          promotion: promotion({ currency_code: "jpy", min_purchase: 3000 }),
          cart: cart({ currency_code: "jpy", items: [item("a", 2500)] }),
        })
      ).toMatchObject({ message: "Add 500 JPY more to use this coupon" })
    })

    it("is met at exactly the minimum", () => {
      expect(check({ promotion: promotion({ min_purchase: "100.00" }) })).toEqual({ ok: true })
      expect(check({ promotion: promotion({ min_purchase: "100.01" }) })).toMatchObject({
        message: "Add 0.01 EUR more to use this coupon",
      })
    })
  })

  it("reports usage before the cart's content", () => {
    const oneOrder = promotion({ usage_per_customer: "one_order", min_purchase: 1000 })
    expect(check({ promotion: oneOrder, customerUsage: { uses: 1 } })).toMatchObject({ reason: "already_used" })
  })

  it("treats a missing usage record as no use", () => {
    expect(check({ promotion: promotion({ usage_per_customer: "one_order" }), customerUsage: null })).toEqual({ ok: true })
  })
})

describe("remainingUses", () => {
  it("counts one order, N orders and unlimited", () => {
    expect(remainingUses({ usage_per_customer: "one_order" }, { uses: 0 })).toBe(1)
    expect(remainingUses({ usage_per_customer: "one_order" }, { uses: 1 })).toBe(0)
    expect(remainingUses({ usage_per_customer: "limited", usage_per_customer_limit: 3 }, { uses: 1 })).toBe(2)
    expect(remainingUses({ usage_per_customer: "limited", usage_per_customer_limit: 3 }, { uses: 5 })).toBe(0)
    expect(remainingUses({ usage_per_customer: "unlimited" }, { uses: 99 })).toBeNull()
  })

  it("reads the model default and an incomplete limit as one order", () => {
    expect(remainingUses({}, { uses: 0 })).toBe(1)
    expect(remainingUses({ usage_per_customer: "limited", usage_per_customer_limit: null }, { uses: 0 })).toBe(1)
  })

  it("knows when a customer is exhausted", () => {
    expect(isCustomerExhausted({ usage_per_customer: "one_order" }, 1)).toBe(true)
    expect(isCustomerExhausted({ usage_per_customer: "limited", usage_per_customer_limit: 2 }, 1)).toBe(false)
    expect(isCustomerExhausted({ usage_per_customer: "unlimited" }, 1000)).toBe(false)
  })
})

describe("couponUsageState", () => {
  it("is unassigned or assigned before any use", () => {
    expect(couponUsageState(promotion(), coupon())).toBe("unassigned")
    expect(couponUsageState(promotion(), coupon({ customer_id: "cus_me" }))).toBe("assigned")
  })

  it("keeps a void coupon void", () => {
    expect(couponUsageState(promotion(), coupon({ state: "void", uses_count: 3 }))).toBe("void")
  })

  it("uses up a one-order personal coupon after one use even with balance left", () => {
    const giftCard = promotion({ coupon_type: "personal", discount_type: "fixed", discount_value: 50, usage_per_customer: "one_order" })
    expect(couponUsageState(giftCard, coupon({ customer_id: "cus_me", uses_count: 1, amount_used: 10 }))).toBe("used_fully")
  })

  it("uses up an unlimited personal gift card only when its balance is spent", () => {
    const giftCard = promotion({ coupon_type: "personal", discount_type: "fixed", discount_value: 50, usage_per_customer: "unlimited" })
    expect(couponUsageState(giftCard, coupon({ customer_id: "cus_me", uses_count: 3, amount_used: "49.99" }))).toBe(
      "used_partially"
    )
    expect(couponUsageState(giftCard, coupon({ customer_id: "cus_me", uses_count: 4, amount_used: "50" }))).toBe("used_fully")
  })

  it("uses up a 'limited to N orders' personal coupon after N uses", () => {
    const twice = promotion({ coupon_type: "personal", usage_per_customer: "limited", usage_per_customer_limit: 2 })
    expect(couponUsageState(twice, coupon({ customer_id: "cus_me", uses_count: 1 }))).toBe("used_partially")
    expect(couponUsageState(twice, coupon({ customer_id: "cus_me", uses_count: 2 }))).toBe("used_fully")
  })

  it("uses up a 'first N customers' code when N customers are counted and all are exhausted", () => {
    const firstTwo = promotion({ usage_per_code: "first_customers", usage_per_code_limit: 2, usage_per_customer: "one_order" })
    expect(couponUsageState(firstTwo, coupon({ uses_count: 1, customers_count: 1, customers_exhausted: 1 }))).toBe(
      "used_partially"
    )
    expect(couponUsageState(firstTwo, coupon({ uses_count: 2, customers_count: 2, customers_exhausted: 2 }))).toBe(
      "used_fully"
    )
    const unlimitedPerCustomer = promotion({ ...firstTwo, usage_per_customer: "unlimited" })
    expect(couponUsageState(unlimitedPerCustomer, coupon({ uses_count: 9, customers_count: 2, customers_exhausted: 0 }))).toBe(
      "used_partially"
    )
  })

  it("never uses up a promotion code with unlimited usage", () => {
    expect(couponUsageState(promotion(), coupon({ uses_count: 10000, customers_count: 5000 }))).toBe("used_partially")
  })
})
