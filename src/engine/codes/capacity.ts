import { EngineError } from "../errors"
import { CODE_MAX_LENGTH } from "./rules"
import { codeLength, codeSpace, randomLength, ResolvedCodePattern } from "./pattern"

/*
 * The guessability check: a batch is refused when, after it, a random guess in its pattern's space would hit a
 * valid code too often; the refusal names the random length that would be enough.
 */

/**
 * The most a single random guess may succeed: (codes in the space) / (size of the space).
 * 1 in 10,000 keeps a brute-force attempt hopeless once the store endpoint is rate limited (an attacker
 * needs ~7,000 tries for an even chance at one code), while the default 10 characters from 31 symbols
 * still hold ~82 billion codes below that limit.
 */
export const MAX_GUESS_PROBABILITY = 1e-4

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

const isPlainLength = (pattern: ResolvedCodePattern): boolean => /^#*$/.test(pattern.pattern)

export const formatCount = (value: number): string => value.toLocaleString("en-US")
