import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminGetCouponPromotionsParams } from "./validators"
import { listAdminCouponPromotionsQueryConfig } from "./query-config"

export const adminCouponPromotionsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions",
    middlewares: [validateAndTransformQuery(AdminGetCouponPromotionsParams, listAdminCouponPromotionsQueryConfig)],
  },
]
