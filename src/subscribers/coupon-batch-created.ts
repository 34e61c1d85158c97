import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { CouponBatchEvents } from "../workflows/batches/events"
import { generateCouponBatchCodesWorkflow } from "../workflows/batches/workflows/generate-batch-codes"

/** Generates large batches outside the request that created them (the batch shows progress meanwhile). */
export default async function couponBatchCreatedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { errors } = await generateCouponBatchCodesWorkflow(container).run({
    input: { batch_id: event.data.id },
    throwOnError: false,
  })
  for (const { error } of errors ?? []) {
    logger.error(`Coupon batch ${event.data.id} could not be generated: ${error?.message ?? error}`)
  }
}

export const config: SubscriberConfig = {
  event: CouponBatchEvents.CREATED,
}
