import { defineMiddlewares } from "@medusajs/framework/http"
import { adminCouponPromotionsMiddlewares } from "./admin/coupon-promotions/middlewares"

export default defineMiddlewares({
  routes: [...adminCouponPromotionsMiddlewares],
})
