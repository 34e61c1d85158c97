/**
 * A dry run of applying one code (POST /store/carts/:id/coupons/validate): the same checks and the same discount math
 * as applying it, writing nothing to the cart. Refusals count towards the throttle like real attempts (the caller
 * records them), so the dry run is no cheaper way to probe codes.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { checkCouponEligibility } from "../../engine/eligibility"
import { checkCouponStacking } from "../../engine/stacking"
import { sumAmounts } from "../../engine/redemption"
import { now } from "../../lib/clock"
import {
  AppliedCoupon,
  authenticatedCartCustomerId,
  couponAdjustmentDescription,
  couponService,
  fetchCouponCart,
  findCouponsByCode,
  listAppliedCoupons,
  nativeAdjustments,
  nativeCodesOnCart,
  toEngineCart,
} from "./cart-coupon-data"
import { customerUsageByCoupon } from "./customer-usage"
import type { CouponRefusalPayload } from "../../lib/coupon-refusal-error"
import { computeCartCouponAdjustments } from "./refresh-cart-coupons"

export type CouponPreview =
  | {
      ok: true
      coupon: NonNullable<AppliedCoupon["coupon"]>
      promotion: NonNullable<AppliedCoupon["promotion"]>
      /** Pre-tax discount the code would give, in the cart's currency, with the lines it would go to. */
      amount: number
      currency_code: string
      lines: { item_id: string; amount: number }[]
      /** Codes of the same promotion this one would replace (one code per promotion per cart). */
      replaces: string[]
    }
  | { ok: false; refusal: CouponRefusalPayload }

export async function previewCartCoupon(
  container: MedusaContainer,
  input: { cart_id: string; code: string; customer_id?: string | null }
): Promise<CouponPreview> {
  const coupons = await findCouponsByCode(container, [input.code])
  const coupon = Array.from(coupons.values())[0] ?? null
  const promotion = coupon?.promotion ?? null
  const cart = await fetchCouponCart(container, input.cart_id, { totals: true })
  const identity = authenticatedCartCustomerId(cart, input.customer_id)
  const engineCart = await toEngineCart(container, cart, {
    needsCategories: (promotion?.target_category_ids?.length ?? 0) > 0,
    customer_id: identity,
  })
  const usage = coupon ? await customerUsageByCoupon(container, cart, [{ coupon_id: coupon.id, promotion }]) : new Map()
  const eligibility = checkCouponEligibility({
    promotion,
    coupon,
    cart: engineCart,
    customerUsage: (coupon && usage.get(coupon.id)) ?? { uses: 0 },
    now: now(),
  })
  if (!eligibility.ok) {
    return { ok: false, refusal: { reason: eligibility.reason, message: eligibility.message, details: eligibility.details } }
  }

  // The cart as it would be: the codes it holds, the same promotion's code replaced by this one, in stacking order.
  const held = await listAppliedCoupons(container, input.cart_id)
  const replaces = held.filter(({ row }) => row.promotion_id === coupon.promotion_id && row.coupon_id !== coupon.id)
  const candidate: AppliedCoupon = {
    row: {
      id: "preview",
      cart_id: input.cart_id,
      coupon_id: coupon.id,
      promotion_id: coupon.promotion_id,
      code: coupon.code,
      customer_id: identity,
    },
    coupon,
    promotion,
  }
  const nativeCodes = nativeCodesOnCart(cart)
  const stacking = checkCouponStacking({
    candidate: promotion,
    held: held
      .filter((entry) => !replaces.includes(entry) && entry.row.coupon_id !== coupon.id)
      .map(({ row, promotion: heldPromotion }) => ({ code: row.code, promotion: heldPromotion ?? { id: row.promotion_id } })),
    nativeCodes,
    maxCouponsPerCart: couponService(container).getOptions().maxCouponsPerCart,
  })
  if (stacking) {
    return { ok: false, refusal: { reason: stacking.reason, message: stacking.message, details: stacking.details } }
  }
  const alreadyHeld = held.some(({ row }) => row.coupon_id === coupon.id)
  const applied = alreadyHeld ? held : [...held.filter((entry) => !replaces.includes(entry)), candidate]
  // A cart at rest carries the native adjustments its last refresh computed: stack on those.
  const native = {
    codes: nativeCodes,
    adjustments: nativeAdjustments(cart).map((adjustment) => ({
      item_id: adjustment.item_id,
      amount: String(adjustment.amount),
      is_tax_inclusive: adjustment.is_tax_inclusive ?? false,
    })),
  }
  const { adjustments } = await computeCartCouponAdjustments(container, cart as any, applied, native)
  const description = couponAdjustmentDescription(coupon.code)
  const lines = adjustments
    .filter((adjustment) => adjustment.description === description)
    .map((adjustment) => ({ item_id: adjustment.item_id, amount: adjustment.amount }))
  return {
    ok: true,
    coupon,
    promotion,
    amount: Number(sumAmounts(lines.map((line) => line.amount))),
    currency_code: cart.currency_code.toLowerCase(),
    lines,
    replaces: replaces.map(({ row }) => row.code),
  }
}
