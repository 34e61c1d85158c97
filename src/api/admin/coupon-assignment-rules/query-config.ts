export const defaultAdminCouponAssignmentRuleFields = [
  "id",
  "name",
  "event_name",
  "promotion_id",
  "customer_id_path",
  "resolve_customer_from",
  "enabled",
  "metadata",
  "created_at",
  "updated_at",
]

export const listAdminCouponAssignmentRulesQueryConfig = {
  defaults: defaultAdminCouponAssignmentRuleFields,
  defaultLimit: 20,
  isList: true,
}

export const retrieveAdminCouponAssignmentRuleQueryConfig = {
  defaults: defaultAdminCouponAssignmentRuleFields,
  isList: false,
}
