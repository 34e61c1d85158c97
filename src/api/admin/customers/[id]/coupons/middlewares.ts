import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminGetCustomerCouponsParams } from "./validators"
import { listAdminCustomerCouponsQueryConfig } from "./query-config"

/** Read-only views the admin widgets use: a customer's coupons, the coupons an order used. */
export const adminCouponWidgetsMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/customers/:id/coupons",
    middlewares: [validateAndTransformQuery(AdminGetCustomerCouponsParams, listAdminCustomerCouponsQueryConfig)],
  },
]
