import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { AdminAssignCoupon, AdminAssignCouponsToGroup } from "./validators"

/** Giving coupons from the admin: one customer, a whole customer group (background), taking a code back. */
export const adminCouponAssignmentMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/assign",
    middlewares: [validateAndTransformBody(AdminAssignCoupon)],
  },
  {
    method: ["POST"],
    matcher: "/admin/coupon-promotions/:id/assign-group",
    middlewares: [validateAndTransformBody(AdminAssignCouponsToGroup)],
  },
]
