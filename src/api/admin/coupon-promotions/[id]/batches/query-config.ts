import { BATCH_ADMIN_COLUMNS } from "../../../../../modules/coupon/promotion-fields"

export const defaultAdminCouponBatchFields: string[] = [...BATCH_ADMIN_COLUMNS]

export const listAdminCouponBatchesQueryConfig = {
  defaults: defaultAdminCouponBatchFields,
  defaultLimit: 20,
  isList: true,
}

export const retrieveAdminCouponBatchQueryConfig = {
  defaults: defaultAdminCouponBatchFields,
  isList: false,
}
