import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { validateAssignmentRuleStep } from "../steps/validate-assignment-rule-step"
import { createAssignmentRuleStep } from "../steps/create-assignment-rule-step"
import { updateAssignmentRuleStep } from "../steps/update-assignment-rule-step"
import { deleteAssignmentRuleStep } from "../steps/delete-assignment-rule-step"

export type CreateCouponAssignmentRuleInput = {
  name?: string | null
  event_name: string
  /** Promotion id or custom ID. */
  promotion: string
  customer_id_path?: string
  /** Defaults to "order" for order.* events (their data carries the order id), "customer" otherwise. */
  resolve_customer_from?: "customer" | "order"
  enabled?: boolean
  metadata?: Record<string, unknown> | null
}

export type UpdateCouponAssignmentRuleInput = Partial<CreateCouponAssignmentRuleInput> & { id: string }

export const createCouponAssignmentRuleWorkflow = createWorkflow(
  "create-coupon-assignment-rule",
  (input: WorkflowData<CreateCouponAssignmentRuleInput>) => {
    const validated = validateAssignmentRuleStep({ event_name: input.event_name, promotion: input.promotion })
    const data = transform({ input, validated }, ({ input, validated }) => ({
      name: input.name ?? null,
      event_name: input.event_name,
      promotion_id: validated.promotion_id!,
      customer_id_path: input.customer_id_path ?? "id",
      resolve_customer_from:
        input.resolve_customer_from ?? (input.event_name.startsWith("order.") ? "order" : "customer"),
      enabled: input.enabled ?? true,
      metadata: input.metadata ?? null,
    }))
    return new WorkflowResponse(createAssignmentRuleStep(data))
  }
)

export const updateCouponAssignmentRuleWorkflow = createWorkflow(
  "update-coupon-assignment-rule",
  (input: WorkflowData<UpdateCouponAssignmentRuleInput>) => {
    const validated = validateAssignmentRuleStep({ event_name: input.event_name, promotion: input.promotion })
    const data = transform({ input, validated }, ({ input, validated }) => {
      const { promotion: _promotion, ...rest } = input
      return validated.promotion_id ? { ...rest, promotion_id: validated.promotion_id } : rest
    })
    return new WorkflowResponse(updateAssignmentRuleStep(data))
  }
)

export const deleteCouponAssignmentRuleWorkflow = createWorkflow(
  "delete-coupon-assignment-rule",
  (input: WorkflowData<{ id: string }>) => {
    return new WorkflowResponse(deleteAssignmentRuleStep(input.id))
  }
)
