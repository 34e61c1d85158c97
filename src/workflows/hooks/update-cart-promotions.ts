/**
 * The plugin's only cart hook. Medusa runs updateCartPromotionsWorkflow on every cart refresh (items added, changed
 * or removed, cart updated incl. region / customer, shipping method added, native codes applied or removed,
 * customer transfer) and straight from the promotions route, so recomputing here keeps the coupon discount right
 * after any change. setPromotionContext runs before native promotions are recomputed; adjustments written here show
 * in the same response. Its writes are not rolled back by themselves when a later step fails (an unknown native
 * code, for one), hence the compensation.
 *
 * Turned off with the plugin option `registerHooks: false`; an app that needs this hook for itself calls
 * refreshCartCoupons / restoreCartCoupons from its own handler (README "Hooks").
 */
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { couponHooksEnabled } from "../../lib/hook-options"
import { CartCouponsSnapshot, refreshCartCoupons, restoreCartCoupons } from "../cart-coupons/refresh-cart-coupons"

if (couponHooksEnabled()) {
  updateCartPromotionsWorkflow.hooks.setPromotionContext(
    async ({ cart, action, promo_codes }, { container }) => {
      const { snapshot } = await refreshCartCoupons(container, { cart: cart as any, action, promo_codes })
      // No promotion context of our own: the coupon discount is not a native promotion rule.
      return new StepResponse(undefined, snapshot)
    },
    async (snapshot: CartCouponsSnapshot, { container }) => {
      await restoreCartCoupons(container, snapshot)
    }
  )
}
