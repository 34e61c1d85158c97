import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

/**
 * The largest value of a Postgres `integer` column. A larger number reaches the INSERT and fails there as a 500;
 * bounded here, it is a 400 naming the field.
 */
export const INT4_MAX = 2_147_483_647

/**
 * Periods turned into dates (`now() + N days`, Date arithmetic in days, weeks or months). A column-sized count of
 * days is past what both JavaScript dates and Postgres timestamps can hold; 36,500 (100 years of days, about 3,000
 * years of months) is well inside both.
 */
export const MAX_PERIOD = 36_500

/**
 * A whole number from `min` to `max`. The range is checked before wholeness so a huge number gets one message
 * naming this bound, not also zod's own safe-integer bound.
 */
export const boundedInt = (min: number, max: number = INT4_MAX) =>
  z.number().min(min).max(max).pipe(z.number().int())

export const METADATA_MAX_DEPTH = 5
export const METADATA_MAX_KEYS = 256
export const METADATA_MAX_BYTES = 16 * 1024

/**
 * Free-form `metadata`, bounded: at most 5 levels of objects and arrays, 256 keys over all levels and 16 KB as JSON.
 * Without bounds a deeply nested value overflows the stack wherever the workflow engine copies its input (a 500),
 * and a large one is copied at every checkpoint.
 */
export const boundedMetadata = (field = "metadata") =>
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = metadataProblem(value)
    if (problem) {
      ctx.addIssue({ code: "custom", message: `Field '${field}' ${problem}` })
    }
  })

const metadataProblem = (value: Record<string, unknown>): string | null => {
  // Walks at most METADATA_MAX_DEPTH + 1 levels, so the check itself never recurses as deep as the attack.
  let keys = 0
  const walk = (node: unknown, depth: number): string | null => {
    if (node === null || typeof node !== "object") {
      return null
    }
    if (depth > METADATA_MAX_DEPTH) {
      return `is nested more than ${METADATA_MAX_DEPTH} levels deep`
    }
    const children = Array.isArray(node) ? node : Object.values(node)
    if (!Array.isArray(node)) {
      keys += children.length
      if (keys > METADATA_MAX_KEYS) {
        return `has more than ${METADATA_MAX_KEYS} keys`
      }
    }
    for (const child of children) {
      const problem = walk(child, depth + 1)
      if (problem) {
        return problem
      }
    }
    return null
  }
  const problem = walk(value, 1)
  if (problem) {
    return problem
  }
  if (Buffer.byteLength(JSON.stringify(value)) > METADATA_MAX_BYTES) {
    return `is larger than ${METADATA_MAX_BYTES / 1024} KB as JSON`
  }
  return null
}

// Query strings arrive as text; Medusa's createFindParams reads them with parseInt, kept here so `?limit=10` works
// as before. A negative or huge page used to reach Postgres (OFFSET must not be negative, bigint out of range).
const pageNumber = (fallback: number) =>
  z.preprocess(
    (val) => (val && typeof val === "string" ? parseInt(val) : val),
    boundedInt(0).optional().default(fallback)
  )

/** Medusa's list parameters (fields, offset, limit, order, with_deleted) with offset and limit bounded. */
export const boundedFindParams = ({
  offset = 0,
  limit = 20,
  order,
}: { offset?: number; limit?: number; order?: string } = {}) =>
  createFindParams({ offset, limit, order }).extend({ offset: pageNumber(offset), limit: pageNumber(limit) })
