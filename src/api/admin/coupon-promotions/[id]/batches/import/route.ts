import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { importCouponBatchWorkflow } from "../../../../../../workflows/batches/workflows/import-batch"
import { refetchBatch } from "../helpers"

/** Multipart field `file` (.csv or .xlsx, checked by the upload middleware): all codes become one batch, or none. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const file = (req as any).file as { originalname: string; buffer: Buffer }
  const { result } = await importCouponBatchWorkflow(req.scope).run({
    input: {
      promotion_id: req.params.id,
      file_name: file.originalname || null,
      // base64 text, not the Buffer: the workflow engine checkpoints its input as JSON, where a Buffer becomes an
      // array of numbers (a 12 MB upload would cost hundreds of MB).
      content: file.buffer.toString("base64"),
    },
  })
  const batch = await refetchBatch(req.scope, req.params.id, result.id)
  res.status(200).json({ batch })
}
