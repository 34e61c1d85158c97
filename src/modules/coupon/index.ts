import { Module } from "@medusajs/framework/utils"
import CouponModuleService from "./service"
import sweepUploadsLoader from "./loaders/sweep-uploads"

export const COUPON_MODULE = "coupon"

export default Module(COUPON_MODULE, {
  service: CouponModuleService,
  loaders: [sweepUploadsLoader],
})

export * from "./types"
