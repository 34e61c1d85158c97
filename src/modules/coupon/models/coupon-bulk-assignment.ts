import { model } from "@medusajs/framework/utils"

/**
 * A background "give a coupon of this promotion to every customer of a group" run, with its progress.
 * `assigned_count` counts new codes, `skipped_count` customers who already held one (idempotent gives).
 */
const CouponBulkAssignment = model
  .define("coupon_bulk_assignment", {
    id: model.id({ prefix: "cbulk" }).primaryKey(),
    promotion_id: model.text(),
    customer_group_id: model.text(),
    state: model.enum(["pending", "running", "completed", "failed"]).default("pending"),
    total_count: model.number().default(0),
    processed_count: model.number().default(0),
    assigned_count: model.number().default(0),
    skipped_count: model.number().default(0),
    error: model.json().nullable(),
    started_at: model.dateTime().nullable(),
    // Resume point: the last customer id served (customers are walked by id). A run whose worker died (no heartbeat
    // within the lease) is resumed from here by the maintenance job.
    cursor: model.text().nullable(),
    heartbeat_at: model.dateTime().nullable(),
    recovery_attempts: model.number().default(0),
    completed_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([{ on: ["promotion_id", "created_at"], where: "deleted_at IS NULL" }])

export default CouponBulkAssignment
