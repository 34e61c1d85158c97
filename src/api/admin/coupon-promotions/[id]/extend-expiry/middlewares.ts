import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminGetCouponPromotionParams } from "../../validators"
import { retrieveAdminCouponPromotionQueryConfig } from "../../query-config"
import { AdminExtendExpiry, AdminVoidCoupons } from "./validators"

/** Voiding codes (one, or a batch's unused ones) and extending expiry (a batch's codes, a promotion's end). */
export const adminCouponVoidExpiryMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/coupons/:coupon_id/void",
    middlewares: [validateAndTransformBody(AdminVoidCoupons)],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/batches/:batch_id/void",
    middlewares: [validateAndTransformBody(AdminVoidCoupons)],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/batches/:batch_id/extend-expiry",
    middlewares: [validateAndTransformBody(AdminExtendExpiry)],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/extend-expiry",
    middlewares: [
      validateAndTransformBody(AdminExtendExpiry),
      validateAndTransformQuery(AdminGetCouponPromotionParams, retrieveAdminCouponPromotionQueryConfig),
    ],
  },
]
