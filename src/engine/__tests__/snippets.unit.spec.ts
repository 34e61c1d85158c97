import { findCouponSnippetTags, replaceCouponSnippetTags } from "../snippets"

describe("coupon snippet tags", () => {
  it("finds distinct custom IDs in order, in any accepted spelling", () => {
    const text = `Hi! {{coupon "WELCOME"}} or {{ coupon 'SPRING-24' }} again {{COUPON "WELCOME"}} {{coupon  "x y"}}`
    expect(findCouponSnippetTags(text)).toEqual(["WELCOME", "SPRING-24", "x y"])
  })

  it("replaces tags with the codes found and unknown ones with an empty string", () => {
    const text = `<p>{{coupon "WELCOME"}}</p><p>{{ coupon 'NONE' }}</p>`
    expect(replaceCouponSnippetTags(text, { WELCOME: "ABCD2345" })).toBe("<p>ABCD2345</p><p></p>")
  })

  it("leaves text without tags, other moustache tags and malformed tags untouched", () => {
    expect(findCouponSnippetTags("no tags {{name}} {{coupon WELCOME}} {{coupon \"A'}}")).toEqual([])
    const text = "Dear {{name}}, {{coupon WELCOME}}"
    expect(replaceCouponSnippetTags(text, { WELCOME: "X" })).toBe(text)
  })

  it("handles an empty text and a tag with an empty custom ID", () => {
    expect(replaceCouponSnippetTags("", {})).toBe("")
    expect(replaceCouponSnippetTags('a{{coupon ""}}b', {})).toBe("ab")
  })
})
