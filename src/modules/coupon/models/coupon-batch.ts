import { model } from "@medusajs/framework/utils"
import CouponPromotion from "./coupon-promotion"

/** One lot of codes added to a promotion: generated from a pattern or imported from a file. */
const CouponBatch = model
  .define("coupon_batch", {
    id: model.id({ prefix: "cbatch" }).primaryKey(),
    source: model.enum(["generated", "imported"]),
    state: model.enum(["pending", "running", "completed", "failed"]).default("pending"),
    requested_count: model.number().default(0),
    processed_count: model.number().default(0),
    pattern: model.json().nullable(),
    file_name: model.text().nullable(),
    file_format: model.text().nullable(),
    error: model.json().nullable(),
    started_at: model.dateTime().nullable(),
    // The generating worker writes this every few seconds (and with each progress step); a running batch whose
    // heartbeat is older than the lease has lost its worker (a crash, a deploy) and is taken over by the recovery job.
    heartbeat_at: model.dateTime().nullable(),
    // How often the recovery job restarted this batch; past the limit it fails instead (coupon_batch.failed).
    recovery_attempts: model.number().default(0),
    completed_at: model.dateTime().nullable(),
    codes_total: model.number().default(0),
    codes_unassigned: model.number().default(0),
    codes_assigned: model.number().default(0),
    codes_used_partially: model.number().default(0),
    codes_used_fully: model.number().default(0),
    metadata: model.json().nullable(),
    promotion: model.belongsTo(() => CouponPromotion, { mappedBy: "batches" }),
  })
  .indexes([{ on: ["promotion_id", "created_at"], where: "deleted_at IS NULL" }])

export default CouponBatch
