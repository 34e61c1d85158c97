import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminGetPromotionCouponsParams, AdminCouponFilters } from "../coupons/validators"
import { AdminCreateCouponBatch, AdminGetCouponBatchesParams, AdminGetCouponBatchParams } from "./validators"
import { listAdminCouponBatchesQueryConfig, retrieveAdminCouponBatchQueryConfig } from "./query-config"
import { codesFileUpload } from "./upload"

/** Batches (generate, import, progress, codes.csv), a promotion's codes (list, CSV) and the import templates. */
export const adminCouponBatchesMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions/:id/batches",
    middlewares: [validateAndTransformQuery(AdminGetCouponBatchesParams, listAdminCouponBatchesQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/batches",
    middlewares: [validateAndTransformBody(AdminCreateCouponBatch)],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/batches/import",
    // Medusa's JSON parser must not try to read the multipart body.
    bodyParser: false,
    middlewares: [codesFileUpload],
  },
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions/:id/batches/:batch_id",
    middlewares: [validateAndTransformQuery(AdminGetCouponBatchParams, retrieveAdminCouponBatchQueryConfig)],
  },
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions/:id/coupons",
    middlewares: [validateAndTransformQuery(AdminGetPromotionCouponsParams, { isList: true })],
  },
  {
    method: ["GET"],
    matcher: "/admin/coupon-promotions/:id/coupons.csv",
    middlewares: [validateAndTransformQuery(AdminCouponFilters, {})],
  },
]
