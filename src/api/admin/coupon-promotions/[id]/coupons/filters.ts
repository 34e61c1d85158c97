import { normalizeCode } from "../../../../../engine/codes"
import type { CouponListFilter } from "../../../../../modules/coupon/coupon-list"
import type { AdminCouponFiltersType } from "./validators"

/** Query params to the service's filter: codes are stored normalized, so `q` is normalized the same way. */
export function toCouponFilter(promotionId: string, params: AdminCouponFiltersType): CouponListFilter {
  return {
    promotion_id: promotionId,
    state: params.state === undefined ? undefined : ([] as string[]).concat(params.state),
    customer_id: params.customer_id,
    q: params.q ? normalizeCode(params.q) : undefined,
  }
}
