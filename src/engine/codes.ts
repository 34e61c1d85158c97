import crypto from "crypto"
import { EngineError } from "./errors"

/*
 * Coupon codes: normalization, validation of imported codes, generation patterns, generation and the
 * guessability (capacity) check.
 *
 * The character rules, decided once for every code in the system (generated or imported):
 *   - stored normalized: surrounding whitespace trimmed, ASCII letters upper-cased;
 *   - 4 to 64 characters from A-Z, 0-9, "-" and "_" (no spaces or other characters inside);
 *   - the first character is a letter or a digit. A code can then never start with "-" (which spreadsheets
 *     read as a formula or a negative number), so CSV exports of codes never need formula neutralization,
 *     and "_"/"-" can only be separators.
 */

export const CODE_MIN_LENGTH = 4
export const CODE_MAX_LENGTH = 64
/** The seed promises generated codes of "eight or more" characters; literals in a pattern don't count. */
export const MIN_RANDOM_LENGTH = 8
export const DEFAULT_RANDOM_LENGTH = 10
/** A-Z and 2-9 without the look-alikes 0 O 1 I L, so codes survive being read aloud or retyped from print. */
export const DEFAULT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
/** In a pattern, each `#` becomes one random character from the alphabet. */
export const PATTERN_PLACEHOLDER = "#"
/**
 * The most a single random guess may succeed: (codes in the space) / (size of the space).
 * 1 in 10,000 keeps a brute-force attempt hopeless once the store endpoint is rate limited (an attacker
 * needs ~7,000 tries for an even chance at one code), while the default 10 characters from 31 symbols
 * still hold ~82 billion codes below that limit.
 */
export const MAX_GUESS_PROBABILITY = 1e-4

const ALLOWED_CODE_CHARACTERS = /^[A-Z0-9_-]*$/
const FIRST_CODE_CHARACTER = /^[A-Z0-9]/
// One regex test settles the common case of an already normalized valid code (imports of a million rows).
const NORMALIZED_VALID_CODE = new RegExp(`^[A-Z0-9][A-Z0-9_-]{${CODE_MIN_LENGTH - 1},${CODE_MAX_LENGTH - 1}}$`)
const NON_ASCII = /[^\x00-\x7f]/
const ASCII_LOWER_CASE = /[a-z]+/g

/**
 * The form a code is stored and compared in. Only ASCII letters change case: `"straße".toUpperCase()` would
 * become the valid-looking `STRASSE`, so a non-ASCII character is kept as is and fails validation instead.
 */
export const normalizeCode = (raw: string): string => {
  const trimmed = raw.trim()
  return NON_ASCII.test(trimmed)
    ? trimmed.replace(ASCII_LOWER_CASE, (letters) => letters.toUpperCase())
    : trimmed.toUpperCase()
}

/** True when `code` is already normalized and satisfies every code rule. */
export const isNormalizedValidCode = (code: string): boolean => NORMALIZED_VALID_CODE.test(code)

export type CodeViolation = { reason: string }

/**
 * Why an imported code is refused, or null when it is fine. The code is normalized first, so `" ab-12 "`
 * is judged as `AB-12`. Reasons are phrased to follow the code in a message: `"X Y" contains a space`.
 */
export const validateCode = (code: string): CodeViolation | null => {
  if (NORMALIZED_VALID_CODE.test(code)) {
    return null
  }
  const normalized = normalizeCode(code)
  if (normalized.length === 0) {
    return { reason: "is empty" }
  }
  if (!ALLOWED_CODE_CHARACTERS.test(normalized)) {
    const character = firstCharacterOutside(normalized, /[A-Z0-9_-]/)
    return { reason: `contains ${describeCharacter(character)}; only letters A-Z, digits 0-9, "-" and "_" are allowed` }
  }
  if (!FIRST_CODE_CHARACTER.test(normalized)) {
    return { reason: "must start with a letter or a digit" }
  }
  if (normalized.length < CODE_MIN_LENGTH) {
    return { reason: `is shorter than ${CODE_MIN_LENGTH} characters` }
  }
  if (normalized.length > CODE_MAX_LENGTH) {
    return { reason: `is longer than ${CODE_MAX_LENGTH} characters` }
  }
  return null
}

/** How a batch asks for generated codes. Every field is optional; `null` counts as not given (JSON forms). */
export type CodePattern = {
  /** Random characters per code. Ignored in favour of the `#` count when `pattern` is given (must then agree). */
  length?: number | null
  /** Characters to draw from; letters and digits only, each once. */
  alphabet?: string | null
  /** Literal text before the random part, e.g. `XMAS-`. */
  prefix?: string | null
  /** Literal text after the random part. */
  suffix?: string | null
  /** Layout of the part between prefix and suffix: `#` = one random character, anything else literal. */
  pattern?: string | null
}

/** Plugin-wide defaults (`options.codes`) a batch's pattern falls back to. */
export type CodePatternDefaults = {
  length?: number | null
  alphabet?: string | null
}

/**
 * A checked, normalized pattern. It is itself a valid `CodePattern` and resolving it again returns the same
 * value, so it can be stored on the batch as JSON and re-used as is.
 */
export type ResolvedCodePattern = {
  alphabet: string
  prefix: string
  suffix: string
  /** Between prefix and suffix; always present, `#` repeated `length` times when no layout was asked for. */
  pattern: string
  /** Number of random characters (the `#` in `pattern`). */
  length: number
}

/**
 * Checks and normalizes a batch's pattern against the plugin defaults.
 * @throws EngineError naming the offending field (`length`, `alphabet`, `prefix`, `suffix` or `pattern`).
 */
export const resolvePattern = (input: CodePattern = {}, defaults: CodePatternDefaults = {}): ResolvedCodePattern => {
  const alphabet = resolveAlphabet(givenText(input.alphabet) ?? givenText(defaults.alphabet) ?? DEFAULT_CODE_ALPHABET)
  const prefix = resolveLiteral("prefix", "Prefix", input.prefix)
  const suffix = resolveLiteral("suffix", "Suffix", input.suffix)
  if (prefix && !FIRST_CODE_CHARACTER.test(prefix)) {
    throw new EngineError("prefix", "Prefix must start with a letter or a digit")
  }

  const layout = givenText(input.pattern)
  if (layout === undefined) {
    const length = input.length ?? defaults.length ?? DEFAULT_RANDOM_LENGTH
    if (!Number.isInteger(length) || length < MIN_RANDOM_LENGTH) {
      throw new EngineError("length", `Length must be a whole number of at least ${MIN_RANDOM_LENGTH}`)
    }
    assertFits("length", prefix.length + length + suffix.length)
    return { alphabet, prefix, suffix, pattern: PATTERN_PLACEHOLDER.repeat(length), length }
  }

  const pattern = layout.toUpperCase()
  if (!/^[A-Z0-9_#-]*$/.test(pattern)) {
    throw new EngineError(
      "pattern",
      `Pattern may only contain "#" (one random character), letters A-Z, digits 0-9, "-" and "_" (found ${describeCharacter(
        firstCharacterOutside(pattern, /[A-Z0-9_#-]/)
      )})`
    )
  }
  const length = countPlaceholders(pattern)
  if (length < MIN_RANDOM_LENGTH) {
    throw new EngineError(
      "pattern",
      `Pattern needs at least ${MIN_RANDOM_LENGTH} "#" (one per random character); it has ${length}`
    )
  }
  if (!prefix && !/^[A-Z0-9#]/.test(pattern)) {
    throw new EngineError("pattern", 'Pattern must start with "#", a letter or a digit')
  }
  if (input.length !== undefined && input.length !== null && input.length !== length) {
    throw new EngineError(
      "length",
      `Length ${input.length} does not match the ${length} "#" in the pattern; leave length empty when you give a pattern`
    )
  }
  assertFits("pattern", prefix.length + pattern.length + suffix.length)
  return { alphabet, prefix, suffix, pattern, length }
}

/** Number of random characters in each code of the pattern. */
export const randomLength = (pattern: ResolvedCodePattern): number => countPlaceholders(pattern.pattern)

/** Total characters in each code of the pattern, literals included. */
export const codeLength = (pattern: ResolvedCodePattern): number =>
  pattern.prefix.length + pattern.pattern.length + pattern.suffix.length

/** The whole code layout, e.g. `XMAS-####-####`, for showing a pattern to people. */
export const codeTemplate = (pattern: ResolvedCodePattern): string => pattern.prefix + pattern.pattern + pattern.suffix

/** How many different codes the pattern can produce (a float: 36^64 is far beyond 2^53, and that is fine here). */
export const codeSpace = (pattern: ResolvedCodePattern): number => pattern.alphabet.length ** randomLength(pattern)

export type CapacityCheck = {
  /** Different codes the pattern can produce. */
  space: number
  /** Codes that would exist in that space after this batch (`existing + count`). */
  total: number
  /** Chance that one random guess is a valid code: `total / space`. */
  guessProbability: number
}

/**
 * Refuses a batch that would make codes guessable: after it, a random guess in the pattern's space must hit
 * a valid code with probability at most `MAX_GUESS_PROBABILITY`.
 * @param existing codes already issued in the same space (earlier batches with this pattern), default 0.
 * @throws EngineError on `count` (naming the smallest random length that would fit) or `existing`.
 */
export const checkCapacity = ({
  pattern,
  count,
  existing = 0,
}: {
  pattern: ResolvedCodePattern
  count: number
  existing?: number
}): CapacityCheck => {
  if (!Number.isInteger(count) || count < 1) {
    throw new EngineError("count", "Count must be a whole number of at least 1")
  }
  if (!Number.isInteger(existing) || existing < 0) {
    throw new EngineError("existing", "Existing codes must be a whole number of at least 0")
  }
  const space = codeSpace(pattern)
  const total = existing + count
  const guessProbability = total / space
  if (guessProbability <= MAX_GUESS_PROBABILITY) {
    return { space, total, guessProbability }
  }

  const symbols = pattern.alphabet.length
  const current = randomLength(pattern)
  const longest = CODE_MAX_LENGTH - (codeLength(pattern) - current)
  let needed = current + 1
  while (needed <= longest && total / symbols ** needed > MAX_GUESS_PROBABILITY) {
    needed++
  }
  const codes = `${formatCount(total)} ${total === 1 ? "code" : "codes"}`
  const what =
    `Too many codes for ${current} random characters from a ${symbols}-character alphabet: with ${codes}` +
    `${existing > 0 ? ` (${formatCount(count)} new, ${formatCount(existing)} already issued)` : ""} ` +
    `a guessed code would be valid more often than 1 in ${formatCount(Math.round(1 / MAX_GUESS_PROBABILITY))}.`
  if (needed > longest) {
    throw new EngineError(
      "count",
      `${what} Even ${longest} random characters (the most that fit in ${CODE_MAX_LENGTH}) are not enough; use a larger alphabet or fewer codes.`
    )
  }
  const advice = isPlainLength(pattern)
    ? `Use a length of at least ${needed}.`
    : `Use at least ${needed} "#" in the pattern.`
  throw new EngineError("count", `${what} ${advice}`)
}

export type GenerateCodesOptions = {
  /**
   * Codes to skip although the pattern can produce them, e.g. codes an earlier chunk of the same batch
   * found already taken in the database. Called once per new candidate.
   */
  isTaken?: (code: string) => boolean
}

// Random bytes are drawn in blocks: one `randomBytes` call per code would cost a syscall each.
const MAX_RANDOM_BLOCK = 1 << 16
const MIN_RANDOM_BLOCK = 256

/**
 * Exactly `count` different codes of the pattern, in no particular order. Every alphabet character is equally
 * likely at every `#` (rejection sampling on crypto random bytes, no modulo bias).
 *
 * Guarantees uniqueness within the call only; uniqueness across batches is the database's unique index.
 * Refuses counts that break the guessability limit on their own (see `checkCapacity`), which also keeps
 * collisions inside the call rare. Memory is ~70 bytes per code, so callers generate large batches in chunks.
 */
export const generateCodes = (
  pattern: ResolvedCodePattern,
  count: number,
  options: GenerateCodesOptions = {}
): string[] => {
  if (count === 0) {
    return []
  }
  // Patterns come back from JSON columns too; re-resolving is cheap and returns the same value for a valid one.
  const resolved = resolvePattern(pattern)
  checkCapacity({ pattern: resolved, count })

  const template = codeTemplate(resolved)
  const slots: number[] = []
  for (let i = 0; i < template.length; i++) {
    if (template[i] === PATTERN_PLACEHOLDER) {
      slots.push(i)
    }
  }
  const symbols = Buffer.from(resolved.alphabet, "latin1")
  const symbolCount = symbols.length
  // Bytes at or above the largest multiple of the alphabet size are thrown away; the rest map evenly.
  const acceptBelow = 256 - (256 % symbolCount)
  const scratch = Buffer.from(template, "latin1")
  const width = scratch.length
  const { isTaken } = options

  const codes = new Set<string>()
  // Generous: with the capacity limit a retry is a one-in-millions event unless `isTaken` refuses a lot.
  const maxAttempts = count * 4 + 1000
  let attempts = 0
  let random = Buffer.alloc(0)
  let next = 0
  while (codes.size < count) {
    if (++attempts > maxAttempts) {
      throw new EngineError(
        "count",
        `Could not find ${formatCount(count)} unused codes for this pattern; too many of its codes are already taken`
      )
    }
    for (let s = 0; s < slots.length; s++) {
      let byte: number
      do {
        if (next === random.length) {
          const wanted = Math.ceil((count - codes.size) * slots.length * 1.1)
          random = crypto.randomBytes(Math.min(MAX_RANDOM_BLOCK, Math.max(MIN_RANDOM_BLOCK, wanted)))
          next = 0
        }
        byte = random[next++]
      } while (byte >= acceptBelow)
      scratch[slots[s]] = symbols[byte % symbolCount]
    }
    const code = scratch.toString("latin1", 0, width)
    if (!codes.has(code) && !(isTaken && isTaken(code))) {
      codes.add(code)
    }
  }
  return Array.from(codes)
}

const givenText = (value: string | null | undefined): string | undefined => {
  if (value === undefined || value === null) {
    return undefined
  }
  const trimmed = String(value).trim()
  return trimmed === "" ? undefined : trimmed
}

const resolveAlphabet = (raw: string): string => {
  const alphabet = raw.toUpperCase()
  if (!/^[A-Z0-9]*$/.test(alphabet)) {
    throw new EngineError(
      "alphabet",
      `Alphabet may only contain letters A-Z and digits 0-9 (found ${describeCharacter(
        firstCharacterOutside(alphabet, /[A-Z0-9]/)
      )})`
    )
  }
  const seen = new Set<string>()
  for (const character of alphabet) {
    if (seen.has(character)) {
      // A repeated symbol would be drawn twice as often, which biases every code.
      throw new EngineError("alphabet", `Alphabet contains "${character}" more than once`)
    }
    seen.add(character)
  }
  if (alphabet.length < 2) {
    throw new EngineError("alphabet", "Alphabet must have at least 2 different characters")
  }
  return alphabet
}

const resolveLiteral = (field: "prefix" | "suffix", label: string, raw: string | null | undefined): string => {
  const literal = (givenText(raw) ?? "").toUpperCase()
  if (!ALLOWED_CODE_CHARACTERS.test(literal)) {
    throw new EngineError(
      field,
      `${label} may only contain letters A-Z, digits 0-9, "-" and "_" (found ${describeCharacter(
        firstCharacterOutside(literal, /[A-Z0-9_-]/)
      )})`
    )
  }
  return literal
}

const assertFits = (field: "length" | "pattern", total: number): void => {
  if (total > CODE_MAX_LENGTH) {
    throw new EngineError(field, `Codes would be ${total} characters long; at most ${CODE_MAX_LENGTH} are allowed`)
  }
}

const countPlaceholders = (layout: string): number => {
  let count = 0
  for (let i = 0; i < layout.length; i++) {
    if (layout[i] === PATTERN_PLACEHOLDER) {
      count++
    }
  }
  return count
}

const isPlainLength = (pattern: ResolvedCodePattern): boolean => /^#*$/.test(pattern.pattern)

const firstCharacterOutside = (text: string, allowed: RegExp): string => {
  for (const character of text) {
    if (!allowed.test(character)) {
      return character
    }
  }
  return ""
}

/** Quotes a character for a message; invisible ones (tab, zero-width space) are named by code point. */
export const describeCharacter = (character: string): string => {
  if (character === " ") {
    return "a space"
  }
  if (/^[\x21-\x7e]$/.test(character) || /^[^\s\p{C}\p{Z}]$/u.test(character)) {
    return `"${character}"`
  }
  const codePoint = character.codePointAt(0) ?? 0
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`
}

const formatCount = (value: number): string => value.toLocaleString("en-US")
