/**
 * Checkout: completeCartWorkflow.hooks.validate runs after the cart's payment sessions are validated and before the
 * order is created or anything is charged. Reserving here means a refused coupon stops the completion with a 400
 * and no order, count or charge; the compensation gives the reservation back when a later step fails (shipping
 * validation, inventory, payment authorization). The order's confirmation comes from the order.placed subscriber.
 *
 * The loyalty plugin holds orderCreated and beforePaymentAuthorization of the same workflow; validate is free.
 * Turned off with `registerHooks: false`; an app then calls reserveCartCouponRedemptions /
 * releaseCartCouponReservations from its own handler (README "Hooks").
 */
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { couponHooksEnabled } from "../../lib/hook-options"
import {
  CartCouponReservation,
  releaseCartCouponReservations,
  reserveCartCouponRedemptions,
} from "../redemptions/reserve-cart-coupons"

if (couponHooksEnabled()) {
  completeCartWorkflow.hooks.validate(
    async ({ cart }, { container }) => {
      const reservation = await reserveCartCouponRedemptions(container, { cart: cart as any })
      return new StepResponse(reservation, reservation)
    },
    async (reservation: CartCouponReservation, { container }) => {
      await releaseCartCouponReservations(container, reservation)
    }
  )
}
