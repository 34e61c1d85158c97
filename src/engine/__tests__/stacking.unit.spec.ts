import { checkCouponStacking, checkNativeStacking, resolveStacking } from "../stacking"

const promo = (id: string, flags: { native?: boolean; coupons?: boolean } = {}) => ({
  id,
  combinable_with_native: flags.native ?? true,
  combinable_with_coupons: flags.coupons ?? true,
})

describe("checkCouponStacking", () => {
  it("lets combinable coupons and native codes share a cart", () => {
    expect(
      checkCouponStacking({ candidate: promo("p2"), held: [{ code: "AAA", promotion: promo("p1") }], nativeCodes: ["SUMMER"] })
    ).toBeNull()
  })

  it("refuses a coupon that does not combine with native codes when one is on the cart", () => {
    expect(checkCouponStacking({ candidate: promo("p1", { native: false }), held: [], nativeCodes: ["SUMMER"] })).toEqual({
      ok: false,
      reason: "not_combinable",
      message: "This code cannot be combined with SUMMER",
      details: { conflicting_code: "SUMMER" },
    })
  })

  it("refuses the later coupon when either side does not combine with coupons", () => {
    const held = [{ code: "AAA", promotion: promo("p1", { coupons: false }) }]
    expect(checkCouponStacking({ candidate: promo("p2"), held, nativeCodes: [] })).toMatchObject({
      reason: "not_combinable",
      details: { conflicting_code: "AAA" },
    })
    expect(
      checkCouponStacking({
        candidate: promo("p2", { coupons: false }),
        held: [{ code: "BBB", promotion: promo("p1") }],
        nativeCodes: [],
      })
    ).toMatchObject({ reason: "not_combinable", details: { conflicting_code: "BBB" } })
  })

  it("lets a code replace its sibling of the same promotion", () => {
    const held = [{ code: "AAA", promotion: promo("p1", { coupons: false }) }]
    expect(checkCouponStacking({ candidate: promo("p1", { coupons: false }), held, nativeCodes: [], maxCouponsPerCart: 1 })).toBeNull()
  })

  it("refuses a coupon past maxCouponsPerCart", () => {
    const held = [
      { code: "AAA", promotion: promo("p1") },
      { code: "BBB", promotion: promo("p2") },
    ]
    expect(checkCouponStacking({ candidate: promo("p3"), held, nativeCodes: [], maxCouponsPerCart: 2 })).toEqual({
      ok: false,
      reason: "too_many_coupons",
      message: "An order can use at most 2 coupons",
      details: { max_coupons: 2 },
    })
  })
})

describe("checkNativeStacking", () => {
  it("refuses a native code added after a coupon that does not combine with native codes", () => {
    const held = [{ code: "AAA", promotion: promo("p1", { native: false }) }]
    expect(checkNativeStacking({ held, newNativeCodes: ["SUMMER"] })).toMatchObject({
      reason: "not_combinable",
      details: { conflicting_code: "AAA" },
    })
    expect(checkNativeStacking({ held, newNativeCodes: [] })).toBeNull()
    expect(checkNativeStacking({ held: [{ code: "AAA", promotion: promo("p1") }], newNativeCodes: ["SUMMER"] })).toBeNull()
  })
})

describe("resolveStacking", () => {
  it("keeps the oldest codes and lets the later conflicting ones yield", () => {
    const refused = resolveStacking({
      coupons: [
        { code: "AAA", promotion: promo("p1") },
        { code: "BBB", promotion: promo("p2", { coupons: false }) },
        { code: "CCC", promotion: promo("p3") },
        { code: "DDD", promotion: promo("p4", { native: false }) },
      ],
      nativeCodes: ["SUMMER"],
      maxCouponsPerCart: 5,
    })
    expect(Array.from(refused.keys())).toEqual([1, 3])
    expect(refused.get(1)?.details).toEqual({ conflicting_code: "AAA" })
    expect(refused.get(3)?.details).toEqual({ conflicting_code: "SUMMER" })
  })

  it("applies the per-cart maximum in order", () => {
    const refused = resolveStacking({
      coupons: [
        { code: "AAA", promotion: promo("p1") },
        { code: "BBB", promotion: promo("p2") },
      ],
      nativeCodes: [],
      maxCouponsPerCart: 1,
    })
    expect(Array.from(refused.keys())).toEqual([1])
  })
})
