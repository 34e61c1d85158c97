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
    // Codes a batch loads in bulk get the ids `code_id_prefix` + a 10-digit hex counter (see ../sql/batch-rows.ts), so
    // its rows are one range of the primary key: finding them (its codes.csv, voiding, deleting, the unassigned codes
    // assignment hands out) needs no index that every loaded code would pay for. Null for a batch whose codes were
    // written otherwise (createCoupons with a batch_id): those are found by a scan.
    code_id_prefix: model.text().nullable(),
    // Where assignment looks for this batch's next unassigned code first (an id in its range): codes before it were
    // handed out already, so the search does not re-read them. A hint only: not finding one after it, the search
    // wraps around to the range's start.
    assign_cursor: model.text().nullable(),
    metadata: model.json().nullable(),
    promotion: model.belongsTo(() => CouponPromotion, { mappedBy: "batches" }),
  })
  .indexes([{ on: ["promotion_id", "created_at"], where: "deleted_at IS NULL" }])

export default CouponBatch
