import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

export const createBulkAssignmentStep = createStep(
  "create-coupon-bulk-assignment",
  async (data: { promotion_id: string; customer_group_id: string; total_count: number }, { container }) => {
    const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
    const bulk = await couponModule.createCouponBulkAssignments({ ...data, state: "pending" })
    return new StepResponse(bulk, bulk.id)
  },
  async (id, { container }) => {
    if (id) {
      await container.resolve<CouponModuleService>(COUPON_MODULE).deleteCouponBulkAssignments(id)
    }
  }
)
