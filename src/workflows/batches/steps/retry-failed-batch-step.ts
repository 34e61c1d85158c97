import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

/** A failed generated batch back to pending, to be generated again (admin "Retry"). */
export const retryFailedBatchStep = createStep(
  "retry-failed-coupon-batch",
  async ({ promotion_id, batch_id }: { promotion_id: string; batch_id: string }, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const [batch] = await service.listCouponBatches({ id: batch_id, promotion_id })
    if (!batch) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon batch with id: ${batch_id} was not found`)
    }
    if (!(await service.retryFailedCouponBatch(batch_id))) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        batch.source === "imported"
          ? `Coupon batch ${batch_id} was imported: upload its file again instead`
          : `Coupon batch ${batch_id} is ${batch.state}: only a failed batch can be retried`
      )
    }
    return new StepResponse(
      { id: batch_id, promotion_id, requested_count: batch.requested_count as number },
      { id: batch_id, error: batch.error }
    )
  },
  async (previous, { container }) => {
    if (previous) {
      const service: CouponModuleService = container.resolve(COUPON_MODULE)
      await service.updateCouponBatches({ id: previous.id, state: "failed", error: previous.error as any })
    }
  }
)
