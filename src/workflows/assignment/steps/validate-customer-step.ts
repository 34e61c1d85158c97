import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError, Modules } from "@medusajs/framework/utils"

/** A coupon is only ever given to a customer that exists (ids come from events, admins and apps). */
export const validateCustomerStep = createStep(
  "validate-coupon-customer",
  async (input: { customer_id: string }, { container }) => {
    const customerModule = container.resolve(Modules.CUSTOMER)
    const [customer] = await customerModule.listCustomers({ id: input.customer_id }, { select: ["id", "email"] })
    if (!customer) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${input.customer_id} was not found`)
    }
    return new StepResponse({ id: customer.id, email: customer.email })
  }
)
