import crypto from "crypto"
import {
  checkCapacity,
  CODE_MAX_LENGTH,
  CODE_MIN_LENGTH,
  codeLength,
  codeSpace,
  codeTemplate,
  DEFAULT_CODE_ALPHABET,
  describeCharacter,
  generateCodes,
  isNormalizedValidCode,
  MAX_GUESS_PROBABILITY,
  MIN_RANDOM_LENGTH,
  normalizeCode,
  randomLength,
  resolvePattern,
  validateCode,
} from "../codes"
import { EngineError, isEngineError } from "../errors"

/** Runs `fn`, expecting an EngineError; returns it for field and message checks. */
const engineErrorOf = (fn: () => unknown): EngineError => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError)
    return error as EngineError
  }
  throw new Error("expected an EngineError")
}

describe("EngineError", () => {
  it("carries the field and the message and is recognizable", () => {
    const error = new EngineError("count", "Count must be a whole number of at least 1")
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(EngineError)
    expect(error.name).toBe("EngineError")
    expect(error.field).toBe("count")
    expect(error.message).toBe("Count must be a whole number of at least 1")
    expect(isEngineError(error)).toBe(true)
    expect(isEngineError(new Error("x"))).toBe(false)
    expect(isEngineError("count")).toBe(false)
  })
})

describe("normalizeCode", () => {
  it("trims and upper-cases", () => {
    expect(normalizeCode("  xmas-ab12_c \t\r\n")).toBe("XMAS-AB12_C")
    expect(normalizeCode("AbCd")).toBe("ABCD")
  })

  it("trims non-breaking spaces and a stray BOM pasted along with a code", () => {
    expect(normalizeCode("\u00a0\ufeffabcd1234\u00a0")).toBe("ABCD1234")
  })

  it("leaves an already normalized code unchanged", () => {
    expect(normalizeCode("ABCD-1234")).toBe("ABCD-1234")
  })

  it("upper-cases ASCII letters only, so non-ASCII characters cannot turn into a valid-looking code", () => {
    expect(normalizeCode("straße")).toBe("STRAßE")
    expect(normalizeCode("çode1234")).toBe("çODE1234")
    expect(validateCode("straße")).not.toBeNull()
  })

  it("keeps inner spaces (validation refuses them)", () => {
    expect(normalizeCode(" ab cd ")).toBe("AB CD")
  })
})

describe("validateCode", () => {
  it("exports the length limits", () => {
    expect(CODE_MIN_LENGTH).toBe(4)
    expect(CODE_MAX_LENGTH).toBe(64)
  })

  it.each([
    "ABCD",
    "abcd",
    "  ab-12  ",
    "XMAS_2024-A",
    "1234",
    "A" + "B".repeat(63),
    "ABC-",
    "ABC_",
    "A--_",
  ])("accepts %j", (code) => {
    expect(validateCode(code)).toBeNull()
  })

  it.each([
    ["", "is empty"],
    ["   ", "is empty"],
    ["\t", "is empty"],
    ["ABC", "is shorter than 4 characters"],
    [" ab ", "is shorter than 4 characters"],
    ["A".repeat(65), "is longer than 64 characters"],
    ["AB CD", 'contains a space; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ["AB\tCD", 'contains U+0009; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ["ABC\u200bD", 'contains U+200B; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ["AB.CD", 'contains "."; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ["AB/CD", 'contains "/"; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ['AB"CD', 'contains """; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ["straße", 'contains "ß"; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ["CODE😀", 'contains "😀"; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ["=SUM(A1)", 'contains "="; only letters A-Z, digits 0-9, "-" and "_" are allowed'],
    ["-ABC", "must start with a letter or a digit"],
    ["_ABC", "must start with a letter or a digit"],
    ["-1", "must start with a letter or a digit"],
  ])("refuses %j: %s", (code, reason) => {
    expect(validateCode(code)).toEqual({ reason })
  })

  it("judges characters before length, so the more useful reason wins", () => {
    expect(validateCode("A B")?.reason).toMatch(/^contains a space/)
    expect(validateCode("-")?.reason).toBe("must start with a letter or a digit")
  })

  it("isNormalizedValidCode is true only for stored-form valid codes", () => {
    expect(isNormalizedValidCode("ABCD-12")).toBe(true)
    expect(isNormalizedValidCode("abcd-12")).toBe(false)
    expect(isNormalizedValidCode(" ABCD")).toBe(false)
    expect(isNormalizedValidCode("-ABCD")).toBe(false)
    expect(isNormalizedValidCode("ABC")).toBe(false)
    expect(isNormalizedValidCode("A".repeat(65))).toBe(false)
  })

  it("describeCharacter names invisible characters by code point", () => {
    expect(describeCharacter(" ")).toBe("a space")
    expect(describeCharacter("*")).toBe('"*"')
    expect(describeCharacter("é")).toBe('"é"')
    expect(describeCharacter("\u00a0")).toBe("U+00A0")
    expect(describeCharacter("\n")).toBe("U+000A")
  })
})

describe("resolvePattern", () => {
  it("uses the engine defaults: 10 random characters from the look-alike-free alphabet", () => {
    expect(resolvePattern()).toEqual({
      alphabet: "ABCDEFGHJKMNPQRSTUVWXYZ23456789",
      prefix: "",
      suffix: "",
      pattern: "##########",
      length: 10,
    })
    expect(DEFAULT_CODE_ALPHABET).toBe("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    expect(MIN_RANDOM_LENGTH).toBe(8)
  })

  it("the default alphabet has no look-alikes and no repeats", () => {
    for (const lookAlike of ["0", "O", "1", "I", "L"]) {
      expect(DEFAULT_CODE_ALPHABET).not.toContain(lookAlike)
    }
    expect(new Set(DEFAULT_CODE_ALPHABET).size).toBe(DEFAULT_CODE_ALPHABET.length)
    expect(DEFAULT_CODE_ALPHABET).toHaveLength(31)
  })

  it("falls back to the plugin defaults, and the batch's own values win over them", () => {
    expect(resolvePattern({}, { length: 12, alphabet: "abcdefgh23" })).toEqual({
      alphabet: "ABCDEFGH23",
      prefix: "",
      suffix: "",
      pattern: "#".repeat(12),
      length: 12,
    })
    expect(resolvePattern({ length: 9, alphabet: "XYZ789" }, { length: 12, alphabet: "ABCDEFGH23" })).toMatchObject({
      alphabet: "XYZ789",
      length: 9,
    })
  })

  it("treats null and blank fields as not given", () => {
    expect(
      resolvePattern({ length: null, alphabet: "  ", prefix: null, suffix: "", pattern: " " }, { length: null })
    ).toEqual(resolvePattern())
  })

  it("normalizes prefix and suffix: trimmed, upper-case", () => {
    expect(resolvePattern({ prefix: " xmas- ", suffix: "-eu " })).toMatchObject({ prefix: "XMAS-", suffix: "-EU" })
  })

  it("takes the random length from the # of a pattern and keeps its literal characters", () => {
    const pattern = resolvePattern({ pattern: "xmas-####-####" })
    expect(pattern).toEqual({
      alphabet: DEFAULT_CODE_ALPHABET,
      prefix: "",
      suffix: "",
      pattern: "XMAS-####-####",
      length: 8,
    })
    expect(randomLength(pattern)).toBe(8)
    expect(codeLength(pattern)).toBe(14)
    expect(codeTemplate(pattern)).toBe("XMAS-####-####")
  })

  it("accepts a length that agrees with the pattern", () => {
    expect(resolvePattern({ pattern: "##########", length: 10 }).length).toBe(10)
  })

  it("combines prefix, pattern and suffix", () => {
    const pattern = resolvePattern({ prefix: "eu-", pattern: "####_####", suffix: "-24" })
    expect(codeTemplate(pattern)).toBe("EU-####_####-24")
    expect(codeLength(pattern)).toBe(15)
  })

  it("lets a pattern start with a separator after a prefix", () => {
    expect(codeTemplate(resolvePattern({ prefix: "X", pattern: "-########" }))).toBe("X-########")
  })

  it("allows exactly 64 characters", () => {
    expect(codeLength(resolvePattern({ length: 60, prefix: "AB", suffix: "CD" }))).toBe(64)
    expect(resolvePattern({ length: 64 }).length).toBe(64)
  })

  it("is idempotent, so a stored resolved pattern can be resolved again (even under other defaults)", () => {
    const resolved = resolvePattern({ prefix: "xmas-", pattern: "####-####", suffix: "-x", alphabet: "abcdefgh2345" })
    const stored = JSON.parse(JSON.stringify(resolved))
    expect(resolvePattern(stored)).toEqual(resolved)
    expect(resolvePattern(stored, { length: 20, alphabet: "XYZ789" })).toEqual(resolved)
    const plain = resolvePattern({}, { length: 12 })
    expect(resolvePattern(plain, { length: 9 })).toEqual(plain)
  })

  it("codeSpace is alphabet size to the power of the random length", () => {
    expect(codeSpace(resolvePattern({ length: 8 }))).toBe(31 ** 8)
    expect(codeSpace(resolvePattern({ pattern: "AB-########", alphabet: "ABCDEFGHJK" }))).toBe(1e8)
  })

  it.each([
    [{ length: 7 }, "length", "Length must be a whole number of at least 8"],
    [{ length: 8.5 }, "length", "Length must be a whole number of at least 8"],
    [{ length: Number.NaN }, "length", "Length must be a whole number of at least 8"],
    [{ length: "10" as unknown as number }, "length", "Length must be a whole number of at least 8"],
    [{ length: 61, prefix: "ABCD" }, "length", "Codes would be 65 characters long; at most 64 are allowed"],
    [{ length: 1e9 }, "length", "Codes would be 1000000000 characters long; at most 64 are allowed"],
    [{ alphabet: "ABC-" }, "alphabet", 'Alphabet may only contain letters A-Z and digits 0-9 (found "-")'],
    [{ alphabet: "AB C" }, "alphabet", "Alphabet may only contain letters A-Z and digits 0-9 (found a space)"],
    [{ alphabet: "ABCa" }, "alphabet", 'Alphabet contains "A" more than once'],
    [{ alphabet: "A" }, "alphabet", "Alphabet must have at least 2 different characters"],
    [
      { prefix: "XMAS 24" },
      "prefix",
      'Prefix may only contain letters A-Z, digits 0-9, "-" and "_" (found a space)',
    ],
    [{ prefix: "XMAS#" }, "prefix", 'Prefix may only contain letters A-Z, digits 0-9, "-" and "_" (found "#")'],
    [{ prefix: "-XMAS" }, "prefix", "Prefix must start with a letter or a digit"],
    [{ suffix: "!" }, "suffix", 'Suffix may only contain letters A-Z, digits 0-9, "-" and "_" (found "!")'],
    [
      { pattern: "####*####" },
      "pattern",
      'Pattern may only contain "#" (one random character), letters A-Z, digits 0-9, "-" and "_" (found "*")',
    ],
    [{ pattern: "XMAS-####" }, "pattern", 'Pattern needs at least 8 "#" (one per random character); it has 4'],
    [{ pattern: "XMAS" }, "pattern", 'Pattern needs at least 8 "#" (one per random character); it has 0'],
    [{ pattern: "-########" }, "pattern", 'Pattern must start with "#", a letter or a digit'],
    [{ pattern: "_########" }, "pattern", 'Pattern must start with "#", a letter or a digit'],
    [
      { pattern: "####-####", length: 10 },
      "length",
      'Length 10 does not match the 8 "#" in the pattern; leave length empty when you give a pattern',
    ],
    [
      { pattern: "#".repeat(60), suffix: "-2024" },
      "pattern",
      "Codes would be 65 characters long; at most 64 are allowed",
    ],
  ])("refuses %j on %s", (input, field, message) => {
    const error = engineErrorOf(() => resolvePattern(input))
    expect(error.field).toBe(field)
    expect(error.message).toBe(message)
  })

  it("refuses bad plugin defaults the same way", () => {
    expect(engineErrorOf(() => resolvePattern({}, { length: 6 })).field).toBe("length")
    expect(engineErrorOf(() => resolvePattern({}, { alphabet: "AAB" })).message).toBe(
      'Alphabet contains "A" more than once'
    )
  })

  it("lets a suffix start with a separator", () => {
    expect(resolvePattern({ suffix: "-2024" }).suffix).toBe("-2024")
  })
})

describe("generateCodes", () => {
  const defaultPattern = resolvePattern()

  afterEach(() => {
    jest.restoreAllMocks()
  })

  it("returns exactly `count` different codes of the pattern", () => {
    const codes = generateCodes(defaultPattern, 5000)
    expect(codes).toHaveLength(5000)
    expect(new Set(codes).size).toBe(5000)
    // One assertion over all codes: thousands of expect() calls would dominate the test's run time.
    const misfits = codes.filter(
      (code) => !/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/.test(code) || validateCode(code) !== null || normalizeCode(code) !== code
    )
    expect(misfits).toEqual([])
  })

  it("keeps prefix, suffix and literal pattern characters in place", () => {
    const pattern = resolvePattern({ prefix: "eu-", pattern: "####-####", suffix: "_x", alphabet: "abcdef2345" })
    const codes = generateCodes(pattern, 1000)
    expect(codes).toHaveLength(1000)
    expect(codes.filter((code) => !/^EU-[ABCDEF2345]{4}-[ABCDEF2345]{4}_X$/.test(code))).toEqual([])
  })

  it("never produces look-alike characters (200,000 random characters)", () => {
    const text = generateCodes(defaultPattern, 20_000).join("")
    expect(text).toHaveLength(200_000)
    expect(text).not.toMatch(/[0O1IL]/)
  })

  it("draws every alphabet character about equally often: chi-square over 200,000 characters", () => {
    const text = generateCodes(defaultPattern, 20_000).join("")
    const counts = new Map<string, number>()
    for (const character of text) {
      counts.set(character, (counts.get(character) ?? 0) + 1)
    }
    expect(counts.size).toBe(31)
    const expected = text.length / 31
    let chiSquare = 0
    for (const count of counts.values()) {
      chiSquare += (count - expected) ** 2 / expected
    }
    // 30 degrees of freedom: a fair source exceeds 80 with probability ~1e-6. Modulo bias (8 symbols drawn
    // 9/256 instead of 8/256 of the time) would land in the hundreds.
    expect(chiSquare).toBeLessThan(80)
  })

  it("draws every position uniformly too (no position favours a character)", () => {
    const codes = generateCodes(defaultPattern, 31_000)
    const expected = codes.length / 31
    for (let position = 0; position < 10; position++) {
      const counts = new Array(31).fill(0)
      for (const code of codes) {
        counts[DEFAULT_CODE_ALPHABET.indexOf(code[position])]++
      }
      let chiSquare = 0
      for (const count of counts) {
        chiSquare += (count - expected) ** 2 / expected
      }
      expect(chiSquare).toBeLessThan(90)
    }
  })

  it("throws away random bytes that would bias the mapping (rejection sampling)", () => {
    // 31 symbols: bytes 248..255 are the incomplete last round of 256 % 31 and must be skipped.
    const bytes = Buffer.from([255, 248, 0, 1, 2, 30, 249, 31, 247, 62, 250, 251, 252, 253, 254, 5])
    const randomBytes = jest.spyOn(crypto, "randomBytes").mockImplementation((() => Buffer.from(bytes)) as any)
    const [code] = generateCodes(resolvePattern({ length: 8 }), 1)
    expect(randomBytes).toHaveBeenCalled()
    //  0 → A, 1 → B, 2 → C, 30 → 9, 31 → A, 247 (= 7·31 + 30) → 9, 62 → A, 5 → F
    expect(code).toBe("ABC9A9AF")
  })

  it("fetches randomness in blocks, not once per code", () => {
    const randomBytes = jest.spyOn(crypto, "randomBytes")
    generateCodes(defaultPattern, 50_000)
    // 50,000 codes × 10 characters ≈ 516,000 bytes after rejection; 64 KiB blocks.
    expect(randomBytes.mock.calls.length).toBeLessThan(20)
  })

  it("skips codes the caller reports as taken", () => {
    const taken = new Set<string>()
    const pattern = resolvePattern({ length: 8 })
    const seen: string[] = []
    const codes = generateCodes(pattern, 100, {
      isTaken: (code) => {
        seen.push(code)
        // Refuse every other candidate.
        if (seen.length % 2 === 1) {
          taken.add(code)
          return true
        }
        return false
      },
    })
    expect(codes).toHaveLength(100)
    expect(codes.some((code) => taken.has(code))).toBe(false)
    expect(seen.length).toBeGreaterThanOrEqual(200)
  })

  it("gives up with an EngineError when the caller refuses every candidate", () => {
    const error = engineErrorOf(() => generateCodes(defaultPattern, 5, { isTaken: () => true }))
    expect(error.field).toBe("count")
    expect(error.message).toBe("Could not find 5 unused codes for this pattern; too many of its codes are already taken")
  })

  it("returns nothing for a count of 0 and refuses negative or fractional counts", () => {
    expect(generateCodes(defaultPattern, 0)).toEqual([])
    expect(engineErrorOf(() => generateCodes(defaultPattern, -1)).message).toBe(
      "Count must be a whole number of at least 1"
    )
    expect(engineErrorOf(() => generateCodes(defaultPattern, 1.5)).field).toBe("count")
  })

  it("refuses a count that alone would make codes guessable", () => {
    const tiny = resolvePattern({ length: 8, alphabet: "AB" })
    expect(engineErrorOf(() => generateCodes(tiny, 1)).field).toBe("count")
  })

  it("accepts a pattern read back from JSON and refuses a corrupted one", () => {
    const stored = JSON.parse(JSON.stringify(resolvePattern({ prefix: "X", length: 8 })))
    expect(generateCodes(stored, 3)).toHaveLength(3)
    expect(engineErrorOf(() => generateCodes({ ...stored, alphabet: "AAB" }, 3)).field).toBe("alphabet")
  })

  it("perf sanity (not timed): a million unique codes in one call", () => {
    const codes = generateCodes(defaultPattern, 1_000_000)
    expect(codes).toHaveLength(1_000_000)
    expect(new Set(codes).size).toBe(1_000_000)
  })
})

describe("checkCapacity", () => {
  const length8 = resolvePattern({ length: 8 })
  // 31^8 = 852,891,037,441 codes; 1 in 10,000 of them is 85,289,103.7.
  const limit8 = 85_289_103

  it("uses a guessability limit of 1 in 10,000", () => {
    expect(MAX_GUESS_PROBABILITY).toBe(1e-4)
  })

  it("accepts a batch that keeps a random guess at 1 in 10,000 or less and reports the numbers", () => {
    expect(checkCapacity({ pattern: length8, count: limit8 })).toEqual({
      space: 31 ** 8,
      total: limit8,
      guessProbability: limit8 / 31 ** 8,
    })
    expect(checkCapacity({ pattern: resolvePattern(), count: 1_000_000, existing: 5_000_000 }).total).toBe(6_000_000)
  })

  it("refuses one code more and names the smallest length that fits", () => {
    const error = engineErrorOf(() => checkCapacity({ pattern: length8, count: limit8 + 1 }))
    expect(error.field).toBe("count")
    expect(error.message).toBe(
      "Too many codes for 8 random characters from a 31-character alphabet: with 85,289,104 codes a guessed code " +
        "would be valid more often than 1 in 10,000. Use a length of at least 9."
    )
  })

  it("counts codes already issued in the same space", () => {
    const error = engineErrorOf(() => checkCapacity({ pattern: length8, count: 1, existing: limit8 }))
    expect(error.message).toBe(
      "Too many codes for 8 random characters from a 31-character alphabet: with 85,289,104 codes (1 new, " +
        "85,289,103 already issued) a guessed code would be valid more often than 1 in 10,000. Use a length of at least 9."
    )
  })

  it("suggests a length several steps up when needed", () => {
    const decimal = resolvePattern({ length: 8, alphabet: "ABCDEFGHJK" })
    // 10^8 codes in the space; 10 million codes need 10^11.
    expect(engineErrorOf(() => checkCapacity({ pattern: decimal, count: 10_000_000 })).message).toMatch(
      / Use a length of at least 11\.$/
    )
    expect(checkCapacity({ pattern: resolvePattern({ length: 11, alphabet: "ABCDEFGHJK" }), count: 10_000_000 }).total).toBe(
      10_000_000
    )
  })

  it('speaks of "#" when the pattern has a layout', () => {
    const pattern = resolvePattern({ pattern: "XMAS-####-####" })
    expect(engineErrorOf(() => checkCapacity({ pattern, count: limit8 + 1 })).message).toMatch(
      / Use at least 9 "#" in the pattern\.$/
    )
  })

  it("says so when no length up to 64 characters can hold the batch", () => {
    const pattern = resolvePattern({ alphabet: "AB", prefix: "P".repeat(50), length: 8 })
    // 2^14 = 16,384 is the largest space that fits: room for one code, not two.
    expect(checkCapacity({ pattern: resolvePattern({ alphabet: "AB", prefix: "P".repeat(50), length: 14 }), count: 1 }).total).toBe(1)
    const error = engineErrorOf(() => checkCapacity({ pattern, count: 2 }))
    expect(error.field).toBe("count")
    expect(error.message).toBe(
      "Too many codes for 8 random characters from a 2-character alphabet: with 2 codes a guessed code would be " +
        "valid more often than 1 in 10,000. Even 14 random characters (the most that fit in 64) are not enough; " +
        "use a larger alphabet or fewer codes."
    )
  })

  it("uses the singular for a single code", () => {
    const tiny = resolvePattern({ alphabet: "AB", length: 8 })
    expect(engineErrorOf(() => checkCapacity({ pattern: tiny, count: 1 })).message).toMatch(/with 1 code a guessed/)
  })

  it("refuses counts below 1 and broken existing counts", () => {
    for (const count of [0, -5, 2.5, Number.NaN]) {
      const error = engineErrorOf(() => checkCapacity({ pattern: length8, count }))
      expect(error.field).toBe("count")
      expect(error.message).toBe("Count must be a whole number of at least 1")
    }
    const error = engineErrorOf(() => checkCapacity({ pattern: length8, count: 1, existing: -1 }))
    expect(error.field).toBe("existing")
    expect(error.message).toBe("Existing codes must be a whole number of at least 0")
  })
})
