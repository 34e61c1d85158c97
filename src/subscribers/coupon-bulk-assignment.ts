import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { runCustomerGroupAssignmentWorkflow } from "../workflows/assignment/workflows/bulk-assign-customer-group"
import { CouponAssignmentEvents } from "../workflows/assignment/events"

/** Runs a requested bulk assignment to a customer group in the background (on the worker with Redis). */
export default async function couponBulkAssignmentHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await runCustomerGroupAssignmentWorkflow(container).run({ input: { id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: CouponAssignmentEvents.BULK_ASSIGNMENT_CREATED,
  context: { subscriberId: "coupon-bulk-assignment" },
}
