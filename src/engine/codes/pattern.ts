import { EngineError } from "../errors"
import {
  ALLOWED_CODE_CHARACTERS,
  CODE_MAX_LENGTH,
  describeCharacter,
  FIRST_CODE_CHARACTER,
  firstCharacterOutside,
} from "./rules"

/*
 * Generation patterns: what a batch asks for (prefix, suffix, alphabet, `#` layout or length), checked and
 * normalized against the plugin defaults, and the sizes derived from a resolved pattern.
 */

/** The seed promises generated codes of "eight or more" characters; literals in a pattern don't count. */
export const MIN_RANDOM_LENGTH = 8
export const DEFAULT_RANDOM_LENGTH = 10
/** A-Z and 2-9 without the look-alikes 0 O 1 I L, so codes survive being read aloud or retyped from print. */
export const DEFAULT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
/** In a pattern, each `#` becomes one random character from the alphabet. */
export const PATTERN_PLACEHOLDER = "#"

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
