import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"

/** The group must exist; returns how many customers it has now (the bulk assignment's total). */
export const validateCustomerGroupStep = createStep(
  "validate-coupon-customer-group",
  async (input: { customer_group_id: string }, { container }) => {
    const customerModule = container.resolve(Modules.CUSTOMER)
    const [group] = await customerModule.listCustomerGroups({ id: input.customer_group_id }, { select: ["id"] })
    if (!group) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer group ${input.customer_group_id} was not found`)
    }
    const [, count] = await customerModule.listAndCountCustomers(
      { groups: input.customer_group_id },
      { select: ["id"], take: 1 }
    )
    return new StepResponse({ total_count: count })
  }
)
