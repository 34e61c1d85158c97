/**
 * The checkout side of the ledger: what the plugin's `completeCartWorkflow.hooks.validate` handler and its
 * compensation run. Exported so an app that holds that hook itself calls them from its own handler (README "Hooks").
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { REDEMPTION_MESSAGES, sumAmounts } from "../../engine/redemption"
import { compareDecimals, parseDecimal } from "../../engine/money"
import { now } from "../../lib/clock"
import {
  CouponCartLike,
  couponAdjustmentDescription,
  authenticatedCartCustomerId,
  cartCustomerId,
  couponService,
  fetchCouponCart,
  listAppliedCoupons,
  nativeCodesOnCart,
  needsCategories,
  needsProductData,
  pluginAdjustments,
  toEngineCart,
} from "../cart-coupons/cart-coupon-data"
import { loadCustomerAudience } from "../cart-coupons/customer-usage"
import { couponRefusalError } from "../../lib/coupon-refusal-error"
import { RedemptionReleaseReasons } from "./events"
import { releaseCouponRedemptionsWorkflow } from "./workflows/release-coupon-redemptions"

/** What a completion reserved, for its compensation. Null when it reserved nothing new. */
export type CartCouponReservation = { cart_id: string; created_ids: string[] } | null

/**
 * Locks the coupon and promotion rows of every code applied to the cart, re-checks status, dates, per-customer uses,
 * "first N customers" and the personal balance, and reserves one redemption per coupon that discounts the cart, for
 * the amount its adjustments carry (what the order keeps). Idempotent per cart; a cart that is already an order
 * (a retried completion) reserves nothing. Throws MedusaError NOT_ALLOWED with the shopper-facing reason, which
 * completeCartWorkflow turns into an HTTP 400 before any order or payment exists.
 *
 * `cart` is the hook's cart (completeCartFields): items with their adjustments and totals, customer, completed_at.
 */
export async function reserveCartCouponRedemptions(
  container: MedusaContainer,
  input: { cart: CouponCartLike & Record<string, any> }
): Promise<CartCouponReservation> {
  const cart = input.cart
  if (!cart?.id || cart.completed_at) {
    return null
  }
  const applied = await listAppliedCoupons(container, cart.id)
  const adjustments = pluginAdjustments(cart)
  if (!applied.length && !adjustments.length) {
    return null
  }

  const amountsByDescription = new Map<string, unknown[]>()
  for (const adjustment of adjustments) {
    const key = adjustment.description ?? ""
    amountsByDescription.set(key, [...(amountsByDescription.get(key) ?? []), adjustment.amount])
  }
  const coupons: { coupon_id: string; amount: string; authenticated_customer_id: string | null }[] = []
  for (const { row } of applied) {
    const description = couponAdjustmentDescription(row.code)
    const amounts = amountsByDescription.get(description) ?? []
    amountsByDescription.delete(description)
    const amount = sumAmounts(amounts.map((value) => String(value)))
    // A code that stays applied without a discount (it will qualify again later) is not used by this order.
    if (compareDecimals(parseDecimal(amount), parseDecimal(0)) > 0) {
      // A personal coupon is used only by the customer who applied it logged in, if the cart is still theirs.
      coupons.push({
        coupon_id: row.coupon_id,
        amount,
        authenticated_customer_id: authenticatedCartCustomerId(cart, row.customer_id),
      })
    }
  }
  if (amountsByDescription.size) {
    // The order would keep a coupon discount nobody could account for.
    throw couponRefusalError({ reason: "discount_out_of_date", message: REDEMPTION_MESSAGES.discount_out_of_date })
  }
  if (!coupons.length) {
    return null
  }

  // The hook's cart has line totals but not the products' collections and categories that targets and exclusions read.
  const engineSource = needsProductData(applied) ? { ...cart, ...(await fetchCouponCart(container, cart.id)) } : cart
  const engineCart = await toEngineCart(container, engineSource, { needsCategories: needsCategories(applied) })

  // Group membership and earlier orders as they are now: a customer removed from the group since the code was
  // applied, or an order placed meanwhile, is refused here before anything is reserved.
  const audience = await loadCustomerAudience(
    container,
    cart,
    applied.map(({ promotion }) => promotion)
  )
  const { created_ids } = await couponService(container).reserveCouponRedemptions({
    cart_id: cart.id,
    customer_id: cartCustomerId(cart),
    email: cart.email ?? null,
    currency_code: cart.currency_code,
    cart: engineCart,
    coupons,
    native_codes: nativeCodesOnCart(cart),
    audience,
    now: now(),
  })
  return created_ids.length ? { cart_id: cart.id, created_ids } : null
}

/** Compensation: a completion that failed after reserving gives its reservations back (coupon.released). */
export async function releaseCartCouponReservations(
  container: MedusaContainer,
  reservation: CartCouponReservation | undefined
): Promise<void> {
  if (!reservation?.created_ids.length) {
    return
  }
  await releaseCouponRedemptionsWorkflow(container).run({
    input: {
      redemption_ids: reservation.created_ids,
      states: ["reserved"],
      reason: RedemptionReleaseReasons.COMPLETION_FAILED,
    },
  })
}
