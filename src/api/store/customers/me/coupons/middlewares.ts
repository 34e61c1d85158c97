import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { StoreGetMyCouponsParams } from "./validators"
import { listStoreCouponsQueryConfig } from "./query-config"

// Customer authentication comes from Medusa's own "/store/customers/me*" middleware.
export const storeMyCouponsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/store/customers/me/coupons",
    middlewares: [validateAndTransformQuery(StoreGetMyCouponsParams, listStoreCouponsQueryConfig)],
  },
]
