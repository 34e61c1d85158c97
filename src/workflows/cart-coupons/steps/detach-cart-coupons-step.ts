import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { normalizeCode } from "../../../engine/codes"
import { couponService } from "../cart-coupon-data"

export type DetachCartCouponsStepInput = { cart_id: string; codes: string[] }

export const detachCartCouponsStepId = "detach-cart-coupons"

/** Takes codes off a cart (the refresh that follows drops their adjustments). Codes not on the cart are ignored. */
export const detachCartCouponsStep = createStep(
  detachCartCouponsStepId,
  async (input: DetachCartCouponsStepInput, { container }) => {
    const service = couponService(container)
    const codes = Array.from(new Set(input.codes.map((code) => normalizeCode(code)).filter(Boolean)))
    const rows = codes.length ? await service.listCouponCartCodes({ cart_id: input.cart_id, code: codes }) : []
    const ids = rows.map((row) => row.id)
    if (ids.length) {
      await service.softDeleteCouponCartCodes(ids)
    }
    return new StepResponse(
      rows.map((row) => ({ id: row.id, code: row.code })),
      ids
    )
  },
  async (ids, { container }) => {
    if (ids?.length) {
      await couponService(container).restoreCouponCartCodes(ids)
    }
  }
)
