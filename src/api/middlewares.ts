import { defineMiddlewares } from "@medusajs/framework/http"
import { storeCartCouponsMiddlewares } from "./store/carts/middlewares"
import { adminCouponPromotionsMiddlewares } from "./admin/coupon-promotions/middlewares"
import { adminCouponAssignmentMiddlewares } from "./admin/coupon-promotions/[id]/assign/middlewares"
import { adminCouponAssignmentRulesMiddlewares } from "./admin/coupon-assignment-rules/middlewares"
import { storeMyCouponsMiddlewares } from "./store/customers/me/coupons/middlewares"
import { adminCouponBatchesMiddlewares } from "./admin/coupon-promotions/[id]/batches/middlewares"
import { adminCouponWidgetsMiddlewares } from "./admin/customers/[id]/coupons/middlewares"
import { adminCouponStatsMiddlewares } from "./admin/coupon-promotions/stats/middlewares"
import { adminCouponVoidExpiryMiddlewares } from "./admin/coupon-promotions/[id]/extend-expiry/middlewares"

export default defineMiddlewares({
  routes: [
    ...storeCartCouponsMiddlewares,
    ...adminCouponPromotionsMiddlewares,
    ...adminCouponAssignmentMiddlewares,
    ...adminCouponAssignmentRulesMiddlewares, ...storeMyCouponsMiddlewares,
    ...adminCouponBatchesMiddlewares,
    ...adminCouponWidgetsMiddlewares,
    ...adminCouponStatsMiddlewares,
    ...adminCouponVoidExpiryMiddlewares,
  ],
})
