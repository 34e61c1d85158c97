import crypto from "crypto"
import { checkCapacity, codeTemplate, generateCodes, PATTERN_PLACEHOLDER, resolvePattern, ResolvedCodePattern } from "./codes"

/**
 * Distinct codes in ascending byte order (the order of a `COLLATE "C"` index, and of JavaScript's default sort for
 * these ASCII codes), readable one at a time. Bulk loading wants codes sorted: the unique index on `code` is then
 * written page after page instead of at random, which is most of the cost of loading a million codes.
 */
export type SortedCodes = {
  readonly size: number
  /** The i-th code, 0 <= i < size. */
  code(i: number): string
  /** Writes the i-th code (ASCII) into `target` at `offset`; returns the offset just after it. */
  write(i: number, target: Buffer, offset: number): number
}

/** Codes already at hand (e.g. a validated file) sorted and de-duplicated, behind the same interface. */
export const sortedCodesOf = (codes: readonly string[]): SortedCodes => {
  const sorted = codes.slice().sort()
  let unique = 0
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[unique - 1]) {
      sorted[unique++] = sorted[i]
    }
  }
  sorted.length = unique
  return sortedCodesFromSorted(sorted)
}

/**
 * Codes already sorted ascending and distinct (a validated file's `sorted`), behind the same interface without a
 * copy. Checked in one pass: a list out of order would load fine but defeat the point, a repeat would fail late.
 */
export const sortedCodesFromSorted = (sorted: readonly string[]): SortedCodes => {
  for (let i = 1; i < sorted.length; i++) {
    if (!(sorted[i - 1] < sorted[i])) {
      throw new Error(`Codes are not sorted and distinct at position ${i}`)
    }
  }
  return {
    size: sorted.length,
    code: (i) => sorted[i],
    write: (i, target, offset) => offset + target.write(sorted[i], offset, "latin1"),
  }
}

const EXACT_INTEGERS = 2 ** 53
const RANDOM_BLOCK = 1 << 16

/**
 * Exactly `count` different codes of the pattern, sorted. Same distribution as `generateCodes` (every alphabet
 * character equally likely at every `#`, rejection sampling on crypto bytes, no modulo bias) and the same
 * capacity refusal.
 *
 * When the random part has at most 2^53 values (the default 10 characters of 31 do) each code is held as one
 * number whose base-N digits are the random characters in alphabet byte order: numeric order is then the
 * codes' byte order, a million codes take 8 MB instead of ~70 MB of strings, and a typed-array sort takes a
 * fraction of a string sort. Larger spaces fall back to sorted strings.
 */
export const generateSortedCodes = (pattern: ResolvedCodePattern, count: number): SortedCodes => {
  const resolved = resolvePattern(pattern)
  checkCapacity({ pattern: resolved, count })
  const template = Buffer.from(codeTemplate(resolved), "latin1")
  const slots: number[] = []
  for (let i = 0; i < template.length; i++) {
    if (template[i] === PATTERN_PLACEHOLDER.charCodeAt(0)) {
      slots.push(i)
    }
  }
  const base = resolved.alphabet.length
  if (base ** slots.length > EXACT_INTEGERS) {
    return sortedCodesOf(generateCodes(resolved, count))
  }
  // Digit d is the d-th alphabet character in byte order, so that number order and code order agree.
  const symbols = Buffer.from(resolved.alphabet.split("").sort().join(""), "latin1")
  const acceptBelow = 256 - (256 % base)
  let random = Buffer.alloc(0)
  let next = 0
  const draw = (into: Float64Array, from: number) => {
    for (let i = from; i < into.length; i++) {
      let value = 0
      for (let s = 0; s < slots.length; s++) {
        let byte: number
        do {
          if (next === random.length) {
            random = crypto.randomBytes(RANDOM_BLOCK)
            next = 0
          }
          byte = random[next++]
        } while (byte >= acceptBelow)
        value = value * base + (byte % base)
      }
      into[i] = value
    }
  }

  let values = new Float64Array(count)
  draw(values, 0)
  let size = sortUnique(values)
  // Repeats inside one batch are rare (the capacity limit keeps the space nearly empty); redraw what they cost.
  for (let round = 0; size < count; round++) {
    if (round > 100) {
      throw new Error(`Could not draw ${count} different codes`)
    }
    const grown = new Float64Array(count)
    grown.set(values.subarray(0, size))
    draw(grown, size)
    values = grown
    size = sortUnique(values)
  }

  const width = template.length
  const write = (i: number, target: Buffer, offset: number): number => {
    template.copy(target, offset)
    let value = values[i]
    for (let s = slots.length - 1; s >= 0; s--) {
      // `%` and the division of an exact multiple are exact for integers below 2^53 (a plain division is not).
      const digit = value % base
      value = (value - digit) / base
      target[offset + slots[s]] = symbols[digit]
    }
    return offset + width
  }
  const scratch = Buffer.alloc(width)
  return {
    size: count,
    code: (i) => {
      write(i, scratch, 0)
      return scratch.toString("latin1")
    },
    write,
  }
}

/** Sorts ascending and moves the distinct values to the front; returns how many there are. */
const sortUnique = (values: Float64Array): number => {
  values.sort()
  let unique = 0
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[unique - 1]) {
      values[unique++] = values[i]
    }
  }
  return unique
}
