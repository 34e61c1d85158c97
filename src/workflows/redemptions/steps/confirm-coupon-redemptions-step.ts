import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { now } from "../../../lib/clock"
import { couponService } from "../../cart-coupons/cart-coupon-data"
import type { RedemptionRow } from "../../../modules/coupon/redemption"

export const confirmCouponRedemptionsStepId = "confirm-coupon-redemptions"

/** The cart's reservations become confirmed uses of the order. Idempotent: returns only what it confirmed now. */
export const confirmCouponRedemptionsStep = createStep(
  confirmCouponRedemptionsStepId,
  async (input: { cart_id?: string | null; order_id: string }, { container }) => {
    if (!input.cart_id) {
      return new StepResponse<RedemptionRow[], string[]>([], [])
    }
    const confirmed = await couponService(container).confirmCouponRedemptions({
      cart_id: input.cart_id,
      order_id: input.order_id,
      now: now(),
    })
    return new StepResponse(
      confirmed,
      confirmed.map((row) => row.id)
    )
  },
  async (ids, { container }) => {
    if (ids?.length) {
      await couponService(container).unconfirmCouponRedemptions(ids)
    }
  }
)
