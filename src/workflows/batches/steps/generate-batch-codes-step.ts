import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { resolvePattern } from "../../../engine/codes"
import { isEngineError } from "../../../engine/errors"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"

/** How often a generating worker renews its lease (plugin option batchLeaseSeconds, default 30, must exceed it). */
export const HEARTBEAT_MS = 5000

/**
 * Writes a pending generated batch's codes. The insert is all-or-nothing; a failure is recorded on the batch
 * (state `failed`, `error`) rather than thrown, so the workflow can announce it with `coupon_batch.failed`.
 */
export const generateBatchCodesStep = createStep(
  "generate-coupon-batch-codes",
  async ({ batch_id }: { batch_id: string }, { container }) => {
    const service: CouponModuleService = container.resolve(COUPON_MODULE)
    const batch = await service.retrieveCouponBatch(batch_id)
    // Claimed with a conditional update: of two workers handed the same batch (a redelivered event, the recovery
    // job), exactly one writes it.
    if (batch.source !== "generated" || !(await service.claimCouponBatch(batch_id))) {
      const now = await service.retrieveCouponBatch(batch_id, { select: ["state"] })
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Coupon batch ${batch_id} is ${now.state}: only a pending generated batch can be generated`
      )
    }
    // The lease the recovery job reads: a worker that dies stops beating, and its batch is taken over.
    const heartbeat = setInterval(() => {
      service.heartbeatCouponBatch(batch_id).catch(() => undefined)
    }, HEARTBEAT_MS)
    heartbeat.unref()
    try {
      const pattern = resolvePattern(batch.pattern as any)
      await service.generateBatchCoupons({
        batch_id,
        count: batch.requested_count,
        pattern,
      })
      await service.updateCouponBatches({ id: batch_id, state: "completed", completed_at: new Date() })
    } catch (e: any) {
      await service.updateCouponBatches({
        id: batch_id,
        state: "failed",
        processed_count: 0,
        completed_at: new Date(),
        // An engine refusal (e.g. the pattern's space filled up since the batch was recorded) is bad input.
        error: {
          type: isEngineError(e) ? MedusaError.Types.INVALID_DATA : e?.type ?? "unknown_error",
          message: String(e?.message ?? e),
        },
      })
    } finally {
      clearInterval(heartbeat)
    }
    const done = await service.retrieveCouponBatch(batch_id)
    return new StepResponse(done)
  }
)
