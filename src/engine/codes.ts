/*
 * Coupon codes, the engine's public face for them: the character rules and normalization (codes/rules.ts), generation
 * patterns (codes/pattern.ts), the guessability check (codes/capacity.ts) and generation (codes/generate.ts).
 */

export {
  CODE_MAX_LENGTH,
  CODE_MIN_LENGTH,
  describeCharacter,
  isNormalizedValidCode,
  normalizeCode,
  validateCode,
} from "./codes/rules"
export type { CodeViolation } from "./codes/rules"
export {
  codeLength,
  codeSpace,
  codeTemplate,
  DEFAULT_CODE_ALPHABET,
  DEFAULT_RANDOM_LENGTH,
  MIN_RANDOM_LENGTH,
  PATTERN_PLACEHOLDER,
  randomLength,
  resolvePattern,
} from "./codes/pattern"
export type { CodePattern, CodePatternDefaults, ResolvedCodePattern } from "./codes/pattern"
export { checkCapacity, MAX_GUESS_PROBABILITY } from "./codes/capacity"
export type { CapacityCheck } from "./codes/capacity"
export { generateCodes } from "./codes/generate"
export type { GenerateCodesOptions } from "./codes/generate"
