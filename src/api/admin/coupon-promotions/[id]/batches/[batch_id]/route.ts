import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refetchBatch } from "../helpers"

/** One batch, with its progress (processed_count of requested_count) while it is generated. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const batch = await refetchBatch(req.scope, req.params.id, req.params.batch_id, req.queryConfig?.fields)
  res.json({ batch })
}
