import crypto from "crypto"
import { EngineError } from "../errors"
import { checkCapacity, formatCount } from "./capacity"
import { codeTemplate, PATTERN_PLACEHOLDER, resolvePattern, ResolvedCodePattern } from "./pattern"

/*
 * Generation: a count of different random codes of a pattern, drawn from crypto random bytes without bias.
 */

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
