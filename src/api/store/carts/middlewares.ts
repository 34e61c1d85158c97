import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { StoreGetCartsCart } from "@medusajs/medusa/api/store/carts/validators"
import { retrieveTransformQueryConfig } from "@medusajs/medusa/api/store/carts/query-config"
import { StoreApplyCartCoupon } from "./[id]/coupons/validators"
import { couponCartAccess } from "./cart-access"
import { couponThrottle, showCouponAdjustments } from "./coupon-requests"
import { listCouponsInCartPromotions } from "./coupon-responses"
import {
  applyCouponsOnCartCreate,
  applyCouponsOnCartUpdate,
  applyCouponsOnPromotionsRoute,
  removeCouponsOnPromotionsRoute,
} from "./promo-codes"

// Every store route that answers with a cart (Medusa's and the loyalty plugin's gift-card route; the plugin's own
// coupon routes list the same middlewares after their validation below).
const CART_RESPONSE_ROUTES: [MiddlewareRoute["method"], string][] = [
  [["GET", "POST"], "/store/carts/:id"],
  [["POST"], "/store/carts"],
  [["POST"], "/store/carts/:id/line-items"],
  [["POST", "DELETE"], "/store/carts/:id/line-items/:line_id"],
  [["POST", "DELETE"], "/store/carts/:id/promotions"],
  [["POST"], "/store/carts/:id/shipping-methods"],
  [["POST"], "/store/carts/:id/customer"],
  [["POST"], "/store/carts/:id/taxes"],
  [["POST", "DELETE"], "/store/carts/:id/gift-cards"],
]

// Routes with `method` register after Medusa's own validation of the same path, so req.validatedBody and
// req.queryConfig are set.
export const storeCartCouponsMiddlewares: MiddlewareRoute[] = [
  ...CART_RESPONSE_ROUTES.map(([method, matcher]) => ({
    method,
    matcher,
    middlewares: [showCouponAdjustments, listCouponsInCartPromotions],
  })),
  {
    method: ["POST"],
    matcher: "/store/carts/:id/coupons",
    middlewares: [
      validateAndTransformBody(StoreApplyCartCoupon),
      validateAndTransformQuery(StoreGetCartsCart, retrieveTransformQueryConfig),
      showCouponAdjustments,
      listCouponsInCartPromotions,
      couponCartAccess,
      couponThrottle,
    ],
  },
  {
    method: ["GET"],
    matcher: "/store/carts/:id/coupons",
    middlewares: [couponCartAccess],
  },
  {
    method: ["POST"],
    matcher: "/store/carts/:id/coupons/validate",
    middlewares: [validateAndTransformBody(StoreApplyCartCoupon), couponCartAccess, couponThrottle],
  },
  {
    method: ["DELETE"],
    matcher: "/store/carts/:id/coupons/:code",
    middlewares: [
      validateAndTransformQuery(StoreGetCartsCart, retrieveTransformQueryConfig),
      showCouponAdjustments,
      listCouponsInCartPromotions,
      couponCartAccess,
    ],
  },
  { method: ["POST"], matcher: "/store/carts/:id/promotions", middlewares: [applyCouponsOnPromotionsRoute] },
  { method: ["DELETE"], matcher: "/store/carts/:id/promotions", middlewares: [removeCouponsOnPromotionsRoute] },
  { method: ["POST"], matcher: "/store/carts/:id", middlewares: [applyCouponsOnCartUpdate] },
  { method: ["POST"], matcher: "/store/carts", middlewares: [applyCouponsOnCartCreate] },
]
