import type { LoaderOptions } from "@medusajs/framework/types"
import { sweepStaleUploads } from "../../../lib/upload-sweep"

/** At boot: import uploads left by a process that was killed mid-request are removed (see upload-sweep.ts). */
export default async function sweepUploadsLoader({ container }: LoaderOptions) {
  const removed = await sweepStaleUploads()
  if (removed.length) {
    container.resolve("logger").info(`coupon-batches: removed ${removed.length} upload(s) left by a stopped process`)
  }
}
