/**
 * The recovery pass of the maintenance job, for the two kinds of background run that live by a lease:
 * - generated batches: every one whose worker is gone (no heartbeat within the lease) or that nobody started (its
 *   coupon_batch.created event was lost) is taken over, with a conditional update only one instance can win, and
 *   handed to the generation subscriber again through coupon_batch.created. A crashed worker's transaction left no
 *   codes, so the new run starts from zero. Imports never get here: their batch row is written in the same
 *   transaction as their codes.
 * - customer-group assignments: the same, through coupon_bulk_assignment.created; the next run resumes after the
 *   last customer it saved (each give is idempotent).
 * After `batchMaxRecoveries` restarts a run fails instead, with the reason (coupon_batch.failed for a batch), and the
 * admin offers Retry and Delete.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../modules/coupon"
import type { OrphanedBatch } from "../../modules/coupon/sql/batch-lifecycle"
import type CouponModuleService from "../../modules/coupon/service"
import { CouponAssignmentEvents } from "../assignment/events"
import { CouponBatchEvents } from "./events"

export const BATCH_INTERRUPTED_MESSAGE = (times: number) =>
  `Generation was interrupted ${times} time${times === 1 ? "" : "s"} (the server stopped while writing the codes); ` +
  "no code was written. Retry the batch, or delete it."
export const IMPORT_INTERRUPTED_MESSAGE =
  "The import was interrupted (the server stopped); no code was written. Upload the file again."
export const ASSIGNMENT_INTERRUPTED_MESSAGE = (times: number) =>
  `The assignment was interrupted ${times} time${times === 1 ? "" : "s"} (the server stopped); the customers served ` +
  "so far keep their codes. Start it again to serve the rest."

export type BatchRecoveryReport = { requeued: string[]; failed: string[] }

type RunKind = {
  label: string
  list: (service: CouponModuleService) => Promise<OrphanedBatch[]>
  requeue: (service: CouponModuleService, id: string) => Promise<boolean>
  fail: (service: CouponModuleService, id: string, error: { type: string; message: string }) => Promise<boolean>
  failure: (run: OrphanedBatch) => string
  restartEvent: string
  failedEvent?: string
}

const BATCHES: RunKind = {
  label: "batch",
  list: (service) => service.listOrphanedCouponBatches(),
  requeue: (service, id) => service.requeueOrphanedCouponBatch(id),
  fail: (service, id, error) => service.failOrphanedCouponBatch(id, error),
  failure: (run) =>
    run.source === "generated" ? BATCH_INTERRUPTED_MESSAGE(run.recovery_attempts + 1) : IMPORT_INTERRUPTED_MESSAGE,
  restartEvent: CouponBatchEvents.CREATED,
  failedEvent: CouponBatchEvents.FAILED,
}

const BULK_ASSIGNMENTS: RunKind = {
  label: "customer-group assignment",
  list: (service) => service.listOrphanedCouponBulkAssignments(),
  requeue: (service, id) => service.requeueOrphanedCouponBulkAssignment(id),
  fail: (service, id, error) => service.failOrphanedCouponBulkAssignment(id, error),
  failure: (run) => ASSIGNMENT_INTERRUPTED_MESSAGE(run.recovery_attempts + 1),
  restartEvent: CouponAssignmentEvents.BULK_ASSIGNMENT_CREATED,
}

async function recoverRuns(container: MedusaContainer, kind: RunKind): Promise<BatchRecoveryReport> {
  const service: CouponModuleService = container.resolve(COUPON_MODULE)
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { batchMaxRecoveries } = service.getOptions()
  const report: BatchRecoveryReport = { requeued: [], failed: [] }

  for (const run of await kind.list(service)) {
    if (run.source !== "generated" || run.recovery_attempts >= batchMaxRecoveries) {
      const error = { type: MedusaError.Types.UNEXPECTED_STATE, message: kind.failure(run) }
      if (await kind.fail(service, run.id, error)) {
        report.failed.push(run.id)
        logger.warn(`coupon-batches: ${kind.label} ${run.id} failed: ${error.message}`)
        if (kind.failedEvent) {
          await eventBus.emit({
            name: kind.failedEvent,
            data: { id: run.id, promotion_id: run.promotion_id, source: run.source, error },
          })
        }
      }
      continue
    }
    if (await kind.requeue(service, run.id)) {
      report.requeued.push(run.id)
      logger.warn(`coupon-batches: ${kind.label} ${run.id} had lost its worker (${run.state}); running it again`)
      await eventBus.emit({ name: kind.restartEvent, data: { id: run.id, promotion_id: run.promotion_id } })
    }
  }
  return report
}

export async function recoverCouponBatches(container: MedusaContainer): Promise<BatchRecoveryReport> {
  return await recoverRuns(container, BATCHES)
}

export async function recoverCouponBulkAssignments(container: MedusaContainer): Promise<BatchRecoveryReport> {
  return await recoverRuns(container, BULK_ASSIGNMENTS)
}
