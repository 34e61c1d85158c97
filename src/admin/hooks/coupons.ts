import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type {
  Coupon,
  CouponState,
  CouponWithRedemptions,
  CustomerCoupon,
  OrderCouponRedemption,
  Paginated,
} from "../lib/types"
import { couponPromotionKeys } from "./coupon-promotions"

export const promotionCouponKeys = {
  all: (promotionId: string) => ["promotion-coupons", promotionId] as const,
  list: (promotionId: string, query: object) => ["promotion-coupons", promotionId, "list", query] as const,
  detail: (promotionId: string, couponId: string) => ["promotion-coupons", promotionId, "detail", couponId] as const,
}

export const customerCouponKeys = {
  all: ["customer-coupons"] as const,
  list: (customerId: string, query: object) => ["customer-coupons", customerId, query] as const,
}

export type PromotionCouponsQuery = { q?: string; state?: CouponState[]; limit: number; offset: number }

/** One page of a promotion's codes; the server counts from counters, so this stays fast at a million codes. */
export function usePromotionCoupons(promotionId: string, query: PromotionCouponsQuery) {
  return useQuery({
    queryKey: promotionCouponKeys.list(promotionId, query),
    queryFn: () =>
      sdk.client.fetch<Paginated<"coupons", Coupon>>(`/admin/coupon-promotions/${promotionId}/coupons`, {
        query: {
          limit: query.limit,
          offset: query.offset,
          ...(query.q ? { q: query.q } : {}),
          ...(query.state?.length ? { state: query.state } : {}),
        },
      }),
    placeholderData: keepPreviousData,
  })
}

export function useCouponDetail(promotionId: string, couponId: string | null) {
  return useQuery({
    queryKey: promotionCouponKeys.detail(promotionId, couponId ?? ""),
    queryFn: () =>
      sdk.client
        .fetch<{ coupon: CouponWithRedemptions }>(`/admin/coupon-promotions/${promotionId}/coupons/${couponId}`)
        .then((r) => r.coupon),
    enabled: !!couponId,
  })
}

export type AssignResult = { coupon: Coupon; created: boolean; codes_unassigned: number; warning?: string | null }

export function useAssignCoupon() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ promotionId, customerId }: { promotionId: string; customerId: string }) =>
      sdk.client.fetch<AssignResult>(`/admin/coupon-promotions/${promotionId}/assign`, {
        method: "POST",
        body: { customer_id: customerId },
      }),
    onSuccess: (_r, { promotionId }) =>
      Promise.all([
        client.invalidateQueries({ queryKey: customerCouponKeys.all }),
        client.invalidateQueries({ queryKey: promotionCouponKeys.all(promotionId) }),
        client.invalidateQueries({ queryKey: couponPromotionKeys.all }),
      ]),
  })
}

export function useUnassignCoupon(promotionId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (couponId: string) =>
      sdk.client.fetch(`/admin/coupon-promotions/${promotionId}/coupons/${couponId}/unassign`, {
        method: "POST",
        body: {},
      }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: customerCouponKeys.all }),
        client.invalidateQueries({ queryKey: promotionCouponKeys.all(promotionId) }),
        client.invalidateQueries({ queryKey: couponPromotionKeys.all }),
      ]),
  })
}

export function useCustomerCoupons(customerId: string, query: { limit: number; offset: number }) {
  return useQuery({
    queryKey: customerCouponKeys.list(customerId, query),
    queryFn: () =>
      sdk.client.fetch<Paginated<"coupons", CustomerCoupon>>(`/admin/customers/${customerId}/coupons`, { query }),
    placeholderData: keepPreviousData,
  })
}

export function useOrderCoupons(orderId: string) {
  return useQuery({
    queryKey: ["order-coupons", orderId],
    queryFn: () =>
      sdk.client
        .fetch<{ redemptions: OrderCouponRedemption[] }>(`/admin/orders/${orderId}/coupons`)
        .then((r) => r.redemptions),
  })
}

/** What voiding answers besides the code: the promotion's and its batch's code counters after it. */
export type CodeCounters = {
  id: string
  codes_total: number
  codes_unassigned: number
  codes_assigned: number
  codes_used_partially: number
  codes_used_fully: number
}

/** Admin "Void code": an unused code becomes void for good (refused at checkout like an unknown code). */
export function useVoidCoupon(promotionId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (couponId: string) =>
      sdk.client.fetch<{ coupon: Coupon; promotion: CodeCounters; batch: CodeCounters | null }>(
        `/admin/coupon-promotions/${promotionId}/coupons/${couponId}/void`,
        { method: "POST", body: {} }
      ),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: customerCouponKeys.all }),
        client.invalidateQueries({ queryKey: promotionCouponKeys.all(promotionId) }),
        client.invalidateQueries({ queryKey: couponPromotionKeys.all }),
        client.invalidateQueries({ queryKey: ["coupon-batches", promotionId] }),
      ]),
  })
}
