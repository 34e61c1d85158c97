import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { validateAssignmentRuleStep } from "../steps/validate-assignment-rule-step"
import { validateCustomerGroupStep } from "../steps/validate-customer-group-step"
import { createBulkAssignmentStep } from "../steps/create-bulk-assignment-step"
import { runBulkAssignmentStep } from "../steps/run-bulk-assignment-step"
import { CouponAssignmentEvents } from "../events"

export type StartCustomerGroupAssignmentInput = {
  /** Promotion id or custom ID. */
  promotion: string
  customer_group_id: string
}

/**
 * Records a pending "give a code to every customer of this group" run and hands it to the background through
 * the coupon_bulk_assignment.created event (the subscriber runs runCustomerGroupAssignmentWorkflow), so the
 * request returns at once and the run happens on a worker instance.
 */
export const startCustomerGroupAssignmentWorkflow = createWorkflow(
  "start-coupon-customer-group-assignment",
  (input: WorkflowData<StartCustomerGroupAssignmentInput>) => {
    const promotion = validateAssignmentRuleStep({ promotion: input.promotion })
    const group = validateCustomerGroupStep({ customer_group_id: input.customer_group_id })
    const data = transform({ input, promotion, group }, ({ input, promotion, group }) => ({
      promotion_id: promotion.promotion_id!,
      customer_group_id: input.customer_group_id,
      total_count: group.total_count,
    }))
    const bulk = createBulkAssignmentStep(data)
    const event = transform({ bulk }, ({ bulk }) => ({ id: bulk.id }))
    emitEventStep({ eventName: CouponAssignmentEvents.BULK_ASSIGNMENT_CREATED, data: event })
    return new WorkflowResponse(bulk)
  }
)

export const runCustomerGroupAssignmentWorkflow = createWorkflow(
  "run-coupon-customer-group-assignment",
  (input: WorkflowData<{ id: string }>) => {
    const bulk = runBulkAssignmentStep(input)
    const event = transform({ bulk }, ({ bulk }) => ({ id: bulk.id, state: bulk.state }))
    emitEventStep({ eventName: CouponAssignmentEvents.BULK_ASSIGNMENT_FINISHED, data: event })
    return new WorkflowResponse(bulk)
  }
)
