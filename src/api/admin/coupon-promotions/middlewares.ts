import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  AdminArchiveCouponPromotion,
  AdminCreateCouponPromotion,
  AdminDuplicateCouponPromotion,
  AdminGetCouponPromotionParams,
  AdminGetCouponPromotionsParams,
  AdminUpdateCouponPromotion,
} from "./validators"
import { listAdminCouponPromotionsQueryConfig, retrieveAdminCouponPromotionQueryConfig } from "./query-config"

const retrieveQuery = validateAndTransformQuery(AdminGetCouponPromotionParams, retrieveAdminCouponPromotionQueryConfig)

export const adminCouponPromotionsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions",
    middlewares: [validateAndTransformQuery(AdminGetCouponPromotionsParams, listAdminCouponPromotionsQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions",
    middlewares: [validateAndTransformBody(AdminCreateCouponPromotion), retrieveQuery],
  },
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions/:id",
    middlewares: [retrieveQuery],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id",
    middlewares: [validateAndTransformBody(AdminUpdateCouponPromotion), retrieveQuery],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/duplicate",
    middlewares: [validateAndTransformBody(AdminDuplicateCouponPromotion), retrieveQuery],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/archive",
    middlewares: [validateAndTransformBody(AdminArchiveCouponPromotion), retrieveQuery],
  },
]
