export const defaultAdminCouponBatchFields = [
  "id",
  "promotion_id",
  "source",
  "state",
  "requested_count",
  "processed_count",
  "pattern",
  "file_name",
  "file_format",
  "error",
  "started_at",
  "completed_at",
  "heartbeat_at",
  "recovery_attempts",
  "codes_total",
  "codes_unassigned",
  "codes_assigned",
  "codes_used_partially",
  "codes_used_fully",
  "created_at",
  "updated_at",
]

export const listAdminCouponBatchesQueryConfig = {
  defaults: defaultAdminCouponBatchFields,
  defaultLimit: 20,
  isList: true,
}

export const retrieveAdminCouponBatchQueryConfig = {
  defaults: defaultAdminCouponBatchFields,
  isList: false,
}
