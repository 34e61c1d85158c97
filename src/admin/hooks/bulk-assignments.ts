import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import { couponPromotionKeys } from "./coupon-promotions"
import { customerCouponKeys, promotionCouponKeys } from "./coupons"

/** A background "give a code to every customer of a group" run and its progress. */
export type CouponBulkAssignment = {
  id: string
  promotion_id: string
  customer_group_id: string
  state: "pending" | "running" | "completed" | "failed"
  total_count: number
  processed_count: number
  /** New codes given. */
  assigned_count: number
  /** Customers who already held a code of the promotion (giving is idempotent per customer). */
  skipped_count: number
  error: { message?: string } | null
  completed_at: string | null
}

export const isBulkOpen = (b: Pick<CouponBulkAssignment, "state">) => b.state === "pending" || b.state === "running"

export type CustomerGroupOption = { id: string; name: string }

/** Customer groups whose name matches `q`, for the picker (Medusa's own admin route, through the JS SDK). */
export function useCustomerGroupOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ["coupon-give-group-options", q],
    queryFn: () =>
      sdk.admin.customerGroup
        .list({ q: q || undefined, limit: 20, fields: "id,name", order: "name" })
        .then((r) => r.customer_groups as CustomerGroupOption[]),
    enabled,
  })
}

export function useStartGroupAssignment(promotionId: string) {
  return useMutation({
    mutationFn: (customerGroupId: string) =>
      sdk.client
        .fetch<{ bulk_assignment: CouponBulkAssignment }>(`/admin/coupon-promotions/${promotionId}/assign-group`, {
          method: "POST",
          body: { customer_group_id: customerGroupId },
        })
        .then((r) => r.bulk_assignment),
  })
}

/**
 * One run's progress, polled every second until it has completed or failed; then the promotion's counters and
 * code lists are refreshed, since codes were given.
 */
export function useGroupAssignmentProgress(promotionId: string, bulkId: string | null) {
  const client = useQueryClient()
  return useQuery({
    queryKey: ["coupon-bulk-assignment", promotionId, bulkId],
    queryFn: async () => {
      const { bulk_assignment } = await sdk.client.fetch<{ bulk_assignment: CouponBulkAssignment }>(
        `/admin/coupon-promotions/${promotionId}/assign-group/${bulkId}`
      )
      if (!isBulkOpen(bulk_assignment)) {
        client.invalidateQueries({ queryKey: couponPromotionKeys.all })
        client.invalidateQueries({ queryKey: promotionCouponKeys.all(promotionId) })
        client.invalidateQueries({ queryKey: customerCouponKeys.all })
      }
      return bulk_assignment
    },
    enabled: !!bulkId,
    refetchInterval: (q) => (!q.state.data || isBulkOpen(q.state.data) ? 1000 : false),
  })
}
