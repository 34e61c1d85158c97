import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { startCustomerGroupAssignmentWorkflow } from "../../../../../workflows/assignment/workflows/bulk-assign-customer-group"
import { AdminAssignCouponsToGroupType } from "../assign/validators"

/** Starts giving a code to every customer of a group; poll GET …/assign-group/:bulk_id for progress. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminAssignCouponsToGroupType>, res: MedusaResponse) => {
  const { result } = await startCustomerGroupAssignmentWorkflow(req.scope).run({
    input: { promotion: req.params.id, customer_group_id: req.validatedBody.customer_group_id },
  })
  res.status(202).json({ bulk_assignment: result })
}
