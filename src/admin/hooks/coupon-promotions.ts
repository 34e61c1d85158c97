import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { CouponPromotion, Paginated, PromotionStatus } from "../lib/types"

export const couponPromotionKeys = {
  all: ["coupon-promotions"] as const,
  list: (query: object) => ["coupon-promotions", "list", query] as const,
  detail: (id: string) => ["coupon-promotions", "detail", id] as const,
}

export const COMPUTED_STATUSES: PromotionStatus[] = ["active", "inactive", "scheduled", "expired", "archived"]

export type CouponPromotionListQuery = {
  q?: string
  status?: PromotionStatus[]
  limit: number
  offset: number
}

export function useCouponPromotions(query: CouponPromotionListQuery) {
  return useQuery({
    queryKey: couponPromotionKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<Paginated<"coupon_promotions", CouponPromotion>>("/admin/coupon-promotions", {
        query: {
          limit: query.limit,
          offset: query.offset,
          ...(query.q ? { q: query.q } : {}),
          ...(query.status?.length ? { status: query.status.join(",") } : {}),
        },
      }),
    // Keeps the current page on screen while the next one loads (no flash of the empty state).
    placeholderData: keepPreviousData,
  })
}

export function useCouponPromotion(id: string, options: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: couponPromotionKeys.detail(id),
    queryFn: () =>
      sdk.client
        .fetch<{ coupon_promotion: CouponPromotion }>(`/admin/coupon-promotions/${id}`)
        .then((r) => r.coupon_promotion),
    refetchInterval: options.refetchInterval,
  })
}

export type CouponPromotionInput = Partial<Omit<CouponPromotion, "id" | "computed_status" | "sales_channel">>

function useInvalidatePromotions() {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: couponPromotionKeys.all })
}

export function useCreateCouponPromotion() {
  const invalidate = useInvalidatePromotions()
  return useMutation({
    mutationFn: (body: CouponPromotionInput) =>
      sdk.client
        .fetch<{ coupon_promotion: CouponPromotion }>("/admin/coupon-promotions", { method: "POST", body })
        .then((r) => r.coupon_promotion),
    onSuccess: invalidate,
  })
}

export function useUpdateCouponPromotion(id: string) {
  const invalidate = useInvalidatePromotions()
  return useMutation({
    mutationFn: (body: CouponPromotionInput) =>
      sdk.client
        .fetch<{ coupon_promotion: CouponPromotion }>(`/admin/coupon-promotions/${id}`, { method: "POST", body })
        .then((r) => r.coupon_promotion),
    onSuccess: invalidate,
  })
}

export function useDuplicateCouponPromotion(id: string) {
  const invalidate = useInvalidatePromotions()
  return useMutation({
    mutationFn: () =>
      sdk.client
        .fetch<{ coupon_promotion: CouponPromotion }>(`/admin/coupon-promotions/${id}/duplicate`, {
          method: "POST",
          body: {},
        })
        .then((r) => r.coupon_promotion),
    onSuccess: invalidate,
  })
}

export function useArchiveCouponPromotion(id: string) {
  const invalidate = useInvalidatePromotions()
  return useMutation({
    mutationFn: () =>
      sdk.client
        .fetch<{ coupon_promotion: CouponPromotion }>(`/admin/coupon-promotions/${id}/archive`, {
          method: "POST",
          body: {},
        })
        .then((r) => r.coupon_promotion),
    onSuccess: invalidate,
  })
}

export function useDeleteCouponPromotion(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch(`/admin/coupon-promotions/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      client.removeQueries({ queryKey: couponPromotionKeys.detail(id) })
      return client.invalidateQueries({ queryKey: couponPromotionKeys.list({}).slice(0, 2) })
    },
  })
}
