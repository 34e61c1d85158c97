import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { couponService } from "../../cart-coupons/cart-coupon-data"
import type { ReleasedRedemption } from "../../../modules/coupon/redemption"

export type ReleaseCouponRedemptionsStepInput = {
  redemption_ids?: string[]
  cart_id?: string | null
  order_id?: string | null
  /** Default: reserved and confirmed. */
  states?: ("reserved" | "confirmed")[]
  reason: string
}

export const releaseCouponRedemptionsStepId = "release-coupon-redemptions"

/**
 * Gives the picked redemptions' uses, customer places and balance back. Nothing picked (no ids, cart or order) is a
 * no-op, so a caller may pass what it found.
 */
export const releaseCouponRedemptionsStep = createStep(
  releaseCouponRedemptionsStepId,
  async (input: ReleaseCouponRedemptionsStepInput, { container }) => {
    const picked = input.redemption_ids?.length || input.cart_id || input.order_id
    if (!picked) {
      return new StepResponse<ReleasedRedemption[], ReleasedRedemption[]>([], [])
    }
    const released = await couponService(container).releaseCouponRedemptions({
      redemption_ids: input.redemption_ids?.length ? input.redemption_ids : undefined,
      cart_id: input.cart_id ?? undefined,
      order_id: input.order_id ?? undefined,
      states: input.states ?? ["reserved", "confirmed"],
      reason: input.reason,
    })
    return new StepResponse(released, released)
  },
  async (released, { container }) => {
    if (released?.length) {
      await couponService(container).recountReleasedCouponRedemptions(
        released.map((row) => ({ id: row.id, previous_state: row.previous_state }))
      )
    }
  }
)
