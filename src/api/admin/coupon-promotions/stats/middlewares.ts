import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminCouponPromotionsStatsParams, AdminCouponPromotionStatsParams } from "./validators"

/**
 * Redemption reports. `/admin/coupon-promotions/stats` is a static segment: Medusa sorts static routes (with their
 * middlewares) before `/:id` ones, so its handler answers before the `/:id` middlewares would run.
 */
export const adminCouponStatsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions/stats",
    middlewares: [validateAndTransformQuery(AdminCouponPromotionsStatsParams, {})],
  },
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions/:id/stats",
    middlewares: [validateAndTransformQuery(AdminCouponPromotionStatsParams, {})],
  },
]
