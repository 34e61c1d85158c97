import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { importCouponBatchWorkflow } from "../../../../../../workflows/batches/workflows/import-batch"
import { refetchBatch } from "../helpers"
import { discardCodesFileUpload } from "../upload"

/** Multipart field `file` (.csv or .xlsx, checked by the upload middleware): all codes become one batch, or none. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const file = (req as any).file as { originalname: string; path: string }
  let batchId: string
  try {
    const { result } = await importCouponBatchWorkflow(req.scope).run({
      input: {
        promotion_id: req.params.id,
        file_name: file.originalname || null,
        // The path of the upload, not its bytes: the workflow engine checkpoints its input as JSON.
        file_path: file.path,
      },
    })
    batchId = result.id
  } finally {
    // Before answering, so the temporary file is gone by the time the client hears back.
    await discardCodesFileUpload(req)
  }
  const batch = await refetchBatch(req.scope, req.params.id, batchId)
  res.status(200).json({ batch })
}
