import { MedusaError } from "@medusajs/framework/utils"
import { expiryFieldMessage, parseExpiresAt } from "../../../engine/code-file"
import { now } from "../../../lib/clock"

export const EXPIRY_IN_THE_PAST = "Field 'expires_at' must be in the future"

/**
 * The date an admin extends an expiry to: the import column's rule (an ISO 8601 date is the end of that day, UTC; a
 * date-time needs a time zone), and not already past, since "extending" into the past would end every code at once.
 */
export function futureExpiry(text: string): Date {
  const parsed = parseExpiresAt(text)
  if (!parsed.ok) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, expiryFieldMessage(parsed.detail))
  }
  if (parsed.value.getTime() <= now().getTime()) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, EXPIRY_IN_THE_PAST)
  }
  return parsed.value
}
