/*
 * What a coupon code is: the character rules, the stored (normalized) form, and why an imported code is refused.
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

export const ALLOWED_CODE_CHARACTERS = /^[A-Z0-9_-]*$/
export const FIRST_CODE_CHARACTER = /^[A-Z0-9]/
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

/** The first character of `text` that `allowed` refuses ("" when there is none), for naming it in a message. */
export const firstCharacterOutside = (text: string, allowed: RegExp): string => {
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
