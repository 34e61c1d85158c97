import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { randomBytes } from "crypto"
import { rm } from "fs/promises"
import os from "os"
import path from "path"
import multer from "multer"
import { uploadFileName } from "../../../../../lib/upload-sweep"
import { COUPON_MODULE } from "../../../../../modules/coupon"
import type CouponModuleService from "../../../../../modules/coupon/service"

const ACCEPTED = /\.(csv|xlsx)$/i
const ACCEPTED_TYPES = new Set([
  "text/csv",
  "application/csv",
  "text/plain",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
])

export const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KB`
      : `${bytes} bytes`

const uploaders = new Map<number, ReturnType<typeof multer>>()

/**
 * Uploads are streamed to a temporary file, not held in memory: the import workflow gets the file's path, so its
 * checkpoints (JSON copies of the whole workflow input, several per run) never carry the file itself.
 */
const UPLOAD_PATH = Symbol("coupon import upload path")

const uploadStorage = multer.diskStorage({
  destination: os.tmpdir(),
  filename: (req, _file, cb) => {
    // Named after this process, so a crash's leftover is recognised and swept (src/lib/upload-sweep.ts).
    const name = uploadFileName(randomBytes(8).toString("hex"))
    // Known before a byte is written, so a refused or cut-off upload can be removed before the answer goes out.
    ;(req as any)[UPLOAD_PATH] = path.join(os.tmpdir(), name)
    cb(null, name)
  },
})

/** Deletes the temporary upload; the import route calls it when its workflow is done, whatever the outcome. */
export async function discardCodesFileUpload(req: MedusaRequest): Promise<void> {
  const stored = (req as any)[UPLOAD_PATH] as string | undefined
  if (stored) {
    await rm(stored, { force: true })
  }
}

/**
 * Reads the multipart field `file` into a temporary file within the `importMaxBytes` option, and turns every upload
 * mistake into a 400 that says what to send instead (removing what was stored).
 */
export function codesFileUpload(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const service: CouponModuleService = req.scope.resolve(COUPON_MODULE)
  const maxBytes = service.getOptions().importMaxBytes
  let upload = uploaders.get(maxBytes)
  if (!upload) {
    upload = multer({ storage: uploadStorage, limits: { fileSize: maxBytes, files: 1 } })
    uploaders.set(maxBytes, upload)
  }
  if (!req.is("multipart/form-data")) {
    return next(
      new MedusaError(MedusaError.Types.INVALID_DATA, 'Send the codes as multipart/form-data with the file in field "file"')
    )
  }
  upload.single("file")(req as any, res as any, (err: any) => {
    // Every refusal removes what was stored first (multer also removes files it gives up on, but not always
    // before it calls back), so no upload outlives its request.
    const refuse = (error: MedusaError) => {
      discardCodesFileUpload(req).then(
        () => next(error),
        () => next(error)
      )
    }
    if (err?.code === "LIMIT_FILE_SIZE") {
      return refuse(
        new MedusaError(MedusaError.Types.INVALID_DATA, `The file is larger than the ${formatBytes(maxBytes)} limit`)
      )
    }
    if (err?.code === "LIMIT_UNEXPECTED_FILE" || err?.code === "LIMIT_FILE_COUNT") {
      return refuse(new MedusaError(MedusaError.Types.INVALID_DATA, 'Send exactly one file, in field "file"'))
    }
    if (err) {
      return refuse(new MedusaError(MedusaError.Types.INVALID_DATA, `The upload could not be read: ${err.message}`))
    }
    const file = (req as any).file as { originalname?: string; mimetype?: string; size: number } | undefined
    if (!file) {
      return refuse(new MedusaError(MedusaError.Types.INVALID_DATA, 'Send the codes file in field "file"'))
    }
    // A file name with an extension decides; a name without one falls back to the declared type.
    const name = file.originalname ?? ""
    const accepted = /\.[^./\\]+$/.test(name) ? ACCEPTED.test(name) : ACCEPTED_TYPES.has(file.mimetype ?? "")
    if (!accepted) {
      return refuse(
        new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Unsupported file type "${file.originalname || file.mimetype}": upload a .csv or .xlsx file`
        )
      )
    }
    if (file.size === 0) {
      return refuse(new MedusaError(MedusaError.Types.INVALID_DATA, "The file is empty"))
    }
    next()
  })
}
