import { MedusaError } from "@medusajs/framework/utils"
import type { RefusalDetails, RefusalReason } from "../engine/eligibility"
import type { RedemptionRefusalReason } from "../engine/redemption"
import { refusalCode } from "../engine/refusals"

export type CouponRefusalPayload = {
  reason: RefusalReason | RedemptionRefusalReason
  /** The engine's English text (for an inactive promotion, the admin's own message). */
  message: string
  details?: RefusalDetails
}

const REFUSAL_KEY = "coupon_refusal"

/**
 * A refused code as an error: Medusa's NOT_ALLOWED (HTTP 400) with the machine code as MedusaError's `code`, so even
 * Medusa's own error handler answers `{ type, code, message }`. The decision itself rides along as an own property:
 * workflow engines serialize step errors with every own property, so the store routes still find it after a
 * workflow run and answer it with details and in the shopper's language (see the routes' sendCouponRefusal).
 */
export function couponRefusalError(refusal: CouponRefusalPayload): MedusaError {
  const error = new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal.message, refusalCode(refusal.reason))
  Object.defineProperty(error, REFUSAL_KEY, { value: refusal, enumerable: true, writable: true })
  return error
}

/** The refusal an error carries (after a workflow run too), or null for any other error. */
export function readCouponRefusal(error: unknown): CouponRefusalPayload | null {
  const payload = (error as Record<string, unknown> | null | undefined)?.[REFUSAL_KEY] as CouponRefusalPayload | undefined
  return payload && typeof payload.reason === "string" && typeof payload.message === "string" ? payload : null
}
