/**
 * The recovery pass of the maintenance job: every generated batch whose worker is gone (no heartbeat within the
 * lease) or that nobody started (its coupon_batch.created event was lost) is taken over, with a conditional update
 * only one instance can win, and handed to the generation subscriber again through coupon_batch.created. A crashed
 * worker's transaction left no codes, so the new run starts from zero. After `batchMaxRecoveries` restarts the batch
 * fails instead (coupon_batch.failed), and the admin offers Retry and Delete. Imports never reach this: their batch
 * row is written in the same transaction as their codes.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { CouponBatchEvents } from "./events"

export const BATCH_INTERRUPTED_MESSAGE = (times: number) =>
  `Generation was interrupted ${times} time${times === 1 ? "" : "s"} (the server stopped while writing the codes); ` +
  "no code was written. Retry the batch, or delete it."
export const IMPORT_INTERRUPTED_MESSAGE =
  "The import was interrupted (the server stopped); no code was written. Upload the file again."

export type BatchRecoveryReport = { requeued: string[]; failed: string[] }

export async function recoverCouponBatches(container: MedusaContainer): Promise<BatchRecoveryReport> {
  const service: CouponModuleService = container.resolve(COUPON_MODULE)
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { batchMaxRecoveries } = service.getOptions()
  const report: BatchRecoveryReport = { requeued: [], failed: [] }

  for (const batch of await service.listOrphanedCouponBatches()) {
    const give_up = batch.source !== "generated" || batch.recovery_attempts >= batchMaxRecoveries
    if (give_up) {
      const error = {
        type: MedusaError.Types.UNEXPECTED_STATE,
        message: batch.source === "generated" ? BATCH_INTERRUPTED_MESSAGE(batch.recovery_attempts + 1) : IMPORT_INTERRUPTED_MESSAGE,
      }
      if (await service.failOrphanedCouponBatch(batch.id, error)) {
        report.failed.push(batch.id)
        logger.warn(`coupon-batches: batch ${batch.id} failed: ${error.message}`)
        await eventBus.emit({
          name: CouponBatchEvents.FAILED,
          data: { id: batch.id, promotion_id: batch.promotion_id, source: batch.source, error },
        })
      }
      continue
    }
    if (await service.requeueOrphanedCouponBatch(batch.id)) {
      report.requeued.push(batch.id)
      logger.warn(`coupon-batches: batch ${batch.id} had lost its worker (${batch.state}); generating it again`)
      await eventBus.emit({ name: CouponBatchEvents.CREATED, data: { id: batch.id, promotion_id: batch.promotion_id } })
    }
  }
  return report
}
