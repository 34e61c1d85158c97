import { resolvePattern } from "../codes"
import { generateSortedCodes, sortedCodesFromSorted, sortedCodesOf, SortedCodes } from "../sorted-codes"

const all = (codes: SortedCodes) => Array.from({ length: codes.size }, (_, i) => codes.code(i))

describe("generateSortedCodes", () => {
  it("returns exactly count distinct codes of the pattern, in byte order", () => {
    const pattern = resolvePattern({ prefix: "xmas-", pattern: "#####-#####", alphabet: "ZYX987" })
    const codes = all(generateSortedCodes(pattern, 2000))
    expect(codes).toHaveLength(2000)
    expect(new Set(codes).size).toBe(2000)
    expect(codes.every((c) => /^XMAS-[XYZ789]{5}-[XYZ789]{5}$/.test(c))).toBe(true)
    expect(codes).toEqual(codes.slice().sort())
  })

  it("writes the same bytes it reads", () => {
    const codes = generateSortedCodes(resolvePattern({}), 50)
    const target = Buffer.alloc(20)
    for (let i = 0; i < codes.size; i++) {
      const end = codes.write(i, target, 3)
      expect(target.toString("latin1", 3, end)).toBe(codes.code(i))
    }
  })

  it("draws every alphabet character equally often at every position", () => {
    const pattern = resolvePattern({ length: 13, alphabet: "ABCD" })
    const codes = all(generateSortedCodes(pattern, 6000))
    for (let position = 0; position < 13; position++) {
      const counts = new Map<string, number>()
      for (const code of codes) {
        counts.set(code[position], (counts.get(code[position]) ?? 0) + 1)
      }
      // 1500 expected per character; 6 standard deviations is ~200.
      for (const character of "ABCD") {
        expect(Math.abs((counts.get(character) ?? 0) - 1500)).toBeLessThan(200)
      }
    }
  })

  it("tops up the repeats it draws", () => {
    // 100,000 codes at the capacity limit of a 2^30 space: ~4.7 repeated draws are expected.
    const codes = generateSortedCodes(resolvePattern({ length: 30, alphabet: "AB" }), 100_000)
    expect(codes.size).toBe(100_000)
    expect(new Set(all(codes)).size).toBe(100_000)
  })

  it("falls back to sorted strings when the random part has more than 2^53 values", () => {
    const codes = all(generateSortedCodes(resolvePattern({ length: 16 }), 500))
    expect(new Set(codes).size).toBe(500)
    expect(codes.every((c) => c.length === 16)).toBe(true)
    expect(codes).toEqual(codes.slice().sort())
  })

  it("refuses what generateCodes refuses (capacity)", () => {
    expect(() => generateSortedCodes(resolvePattern({ length: 8, alphabet: "AB" }), 1)).toThrow(/Too many codes/)
  })
})

describe("sortedCodesOf", () => {
  it("sorts and drops repeats", () => {
    expect(all(sortedCodesOf(["B2", "A1", "B2", "C3", "A1"]))).toEqual(["A1", "B2", "C3"])
  })
})

describe("sortedCodesFromSorted", () => {
  it("serves an already sorted, distinct list without copying it", () => {
    const sorted = ["AAAA1111", "AAAA2222", "B-CD_3333"]
    const codes = sortedCodesFromSorted(sorted)
    expect(all(codes)).toEqual(sorted)
    const target = Buffer.alloc(12)
    expect(target.toString("latin1", 0, codes.write(2, target, 0))).toBe("B-CD_3333")
  })

  it("refuses a list out of order or with a repeat, naming the position", () => {
    expect(() => sortedCodesFromSorted(["BBBB1111", "AAAA1111"])).toThrow("Codes are not sorted and distinct at position 1")
    expect(() => sortedCodesFromSorted(["AAAA1111", "AAAA2222", "AAAA2222"])).toThrow(
      "Codes are not sorted and distinct at position 2"
    )
  })
})
