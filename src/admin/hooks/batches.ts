import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { CouponBatch, Paginated } from "../lib/types"
import { couponPromotionKeys } from "./coupon-promotions"
import { CodeCounters, promotionCouponKeys } from "./coupons"

export const batchKeys = {
  list: (promotionId: string, query: object) => ["coupon-batches", promotionId, query] as const,
  all: (promotionId: string) => ["coupon-batches", promotionId] as const,
}

export const isBatchOpen = (b: Pick<CouponBatch, "state">) => b.state === "pending" || b.state === "running"

/**
 * Batches of a promotion, newest first. While one is still generating, the list polls every second, so the
 * progress bars move without a reload; it stops polling as soon as every batch is finished.
 */
export function useCouponBatches(promotionId: string, query: { limit: number; offset: number }) {
  const client = useQueryClient()
  return useQuery({
    queryKey: batchKeys.list(promotionId, query),
    queryFn: async () => {
      const result = await sdk.client.fetch<Paginated<"batches", CouponBatch>>(
        `/admin/coupon-promotions/${promotionId}/batches`,
        { query: { ...query, order: "-created_at" } }
      )
      const previous = client.getQueryData<Paginated<"batches", CouponBatch>>(batchKeys.list(promotionId, query))
      const finishedNow = previous?.batches.some(
        (b) => isBatchOpen(b) && result.batches.some((n) => n.id === b.id && !isBatchOpen(n))
      )
      if (finishedNow) {
        // A batch just finished: the promotion's counters and its code list changed.
        client.invalidateQueries({ queryKey: couponPromotionKeys.detail(promotionId) })
        client.invalidateQueries({ queryKey: couponPromotionKeys.all })
        client.invalidateQueries({ queryKey: promotionCouponKeys.all(promotionId) })
      }
      return result
    },
    refetchInterval: (q) => (q.state.data?.batches.some(isBatchOpen) ? 1000 : false),
  })
}

export type GenerateCodesInput = {
  count: number
  length?: number | null
  alphabet?: string | null
  prefix?: string | null
  suffix?: string | null
  pattern?: string | null
}

function useInvalidateAfterBatch(promotionId: string) {
  const client = useQueryClient()
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: batchKeys.all(promotionId) }),
      client.invalidateQueries({ queryKey: couponPromotionKeys.all }),
      client.invalidateQueries({ queryKey: promotionCouponKeys.all(promotionId) }),
    ])
}

export function useGenerateCodes(promotionId: string) {
  const invalidate = useInvalidateAfterBatch(promotionId)
  return useMutation({
    mutationFn: (generate: GenerateCodesInput) =>
      sdk.client
        .fetch<{ batch: CouponBatch }>(`/admin/coupon-promotions/${promotionId}/batches`, {
          method: "POST",
          body: { generate },
        })
        .then((r) => r.batch),
    onSuccess: invalidate,
  })
}

export function useImportCodes(promotionId: string) {
  const invalidate = useInvalidateAfterBatch(promotionId)
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData()
      form.append("file", file)
      return sdk.client
        .fetch<{ batch: CouponBatch }>(`/admin/coupon-promotions/${promotionId}/batches/import`, {
          method: "POST",
          body: form,
          // The browser sets multipart/form-data with its boundary.
          headers: { "content-type": null as unknown as string },
        })
        .then((r) => r.batch)
    },
    onSuccess: invalidate,
  })
}

/** Admin "Retry" on a failed generated batch: 200 with the finished batch, or 202 pending (then the list polls). */
export function useRetryBatch(promotionId: string) {
  const invalidate = useInvalidateAfterBatch(promotionId)
  return useMutation({
    mutationFn: (batchId: string) =>
      sdk.client
        .fetch<{ batch: CouponBatch }>(`/admin/coupon-promotions/${promotionId}/batches/${batchId}/retry`, {
          method: "POST",
        })
        .then((r) => r.batch),
    onSuccess: invalidate,
  })
}

/** Admin "Delete" on a batch none of whose codes was given out or used (its codes go with it). */
export function useDeleteBatch(promotionId: string) {
  const invalidate = useInvalidateAfterBatch(promotionId)
  return useMutation({
    mutationFn: (batchId: string) =>
      sdk.client.fetch<{ id: string; deleted: boolean; codes_removed: number }>(
        `/admin/coupon-promotions/${promotionId}/batches/${batchId}`,
        { method: "DELETE" }
      ),
    onSuccess: invalidate,
  })
}

/** Admin "Void unused codes" on a batch: `{ voided, promotion, batch }` (counters after it). */
export function useVoidBatch(promotionId: string) {
  const invalidate = useInvalidateAfterBatch(promotionId)
  return useMutation({
    mutationFn: (batchId: string) =>
      sdk.client.fetch<{ voided: number; promotion: CodeCounters; batch: CodeCounters }>(
        `/admin/coupon-promotions/${promotionId}/batches/${batchId}/void`,
        { method: "POST", body: {} }
      ),
    onSuccess: invalidate,
  })
}

/**
 * Admin "Extend expiry" on a batch: its codes (void ones aside) expire at `expires_at`, an ISO 8601 date (the end of
 * that day, UTC) or date-time with a time zone.
 */
export function useExtendBatchExpiry(promotionId: string) {
  const invalidate = useInvalidateAfterBatch(promotionId)
  return useMutation({
    mutationFn: ({ batchId, expires_at }: { batchId: string; expires_at: string }) =>
      sdk.client.fetch<{ updated: number; expires_at: string; batch: CouponBatch }>(
        `/admin/coupon-promotions/${promotionId}/batches/${batchId}/extend-expiry`,
        { method: "POST", body: { expires_at } }
      ),
    onSuccess: invalidate,
  })
}
