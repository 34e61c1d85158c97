import { z } from "@medusajs/framework/zod"
import { expiryFieldMessage, parseExpiresAt } from "../../../../../engine/code-file"

/**
 * `{ expires_at }` for "extend expiry" (a batch's codes, a promotion's end): an ISO 8601 date, the end of that day in
 * UTC, or an ISO 8601 date-time with a time zone; the same rule as an import file's expires_at column. Whether it is
 * in the future is the workflow's check (it reads the clock).
 */
export const AdminExtendExpiry = z
  .object({
    expires_at: z.string().superRefine((value, ctx) => {
      const parsed = parseExpiresAt(value)
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: expiryFieldMessage(parsed.detail) })
      }
    }),
  })
  .strict()
export type AdminExtendExpiryType = z.infer<typeof AdminExtendExpiry>

/** Voiding takes no body: anything sent is refused rather than ignored. */
export const AdminVoidCoupons = z.object({}).strict()
