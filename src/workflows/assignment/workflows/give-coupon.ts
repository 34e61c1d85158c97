import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { assignCouponStep } from "../steps/assign-coupon-step"
import { validateCustomerStep } from "../steps/validate-customer-step"
import { CouponAssignmentEvents } from "../events"

export type GiveCouponWorkflowInput = {
  /** The coupon promotion's id or custom ID. */
  promotion: string
  customer_id: string
}

export const giveCouponWorkflowId = "give-coupon"

/**
 * User.com's "Give coupon": takes one unassigned code of the promotion and assigns it to the customer.
 * Safe under concurrency on any number of instances (no two customers get the same code), idempotent per
 * (promotion, customer) unless the promotion allows several codes per customer (then `created` is false and
 * the code already held is returned). Refuses archived promotions and empty pools with NOT_ALLOWED.
 * Emits coupon.assigned for a new code and coupon_promotion.low_stock when the pool reaches its threshold.
 *
 * Apps can run it from their own workflows and subscribers:
 *   const { result } = await giveCouponWorkflow(container).run({ input: { promotion: "WELCOME", customer_id } })
 */
export const giveCouponWorkflow = createWorkflow(giveCouponWorkflowId, (input: WorkflowData<GiveCouponWorkflowInput>) => {
  validateCustomerStep({ customer_id: input.customer_id })
  const result = assignCouponStep({ promotion: input.promotion, customer_id: input.customer_id })

  when({ result }, ({ result }) => result.created).then(() => {
    const data = transform({ result }, ({ result }) => ({
      id: result.coupon.id,
      promotion_id: result.promotion.id,
      promotion_custom_id: result.promotion.custom_id,
      customer_id: result.coupon.customer_id,
    }))
    emitEventStep({ eventName: CouponAssignmentEvents.ASSIGNED, data }).config({ name: "emit-coupon-assigned" })
  })

  when({ result }, ({ result }) => result.low_stock_reached).then(() => {
    const data = transform({ result }, ({ result }) => ({
      id: result.promotion.id,
      custom_id: result.promotion.custom_id,
      codes_unassigned: result.codes_unassigned,
      threshold: result.low_stock_threshold,
    }))
    emitEventStep({ eventName: CouponAssignmentEvents.PROMOTION_LOW_STOCK, data }).config({
      name: "emit-coupon-promotion-low-stock",
    })
  })

  return new WorkflowResponse(result)
})
