import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { Paginated } from "../lib/types"

/** "When event E happens, give a code of this promotion to the customer found at path P of the event data". */
export type CouponAssignmentRule = {
  id: string
  name: string | null
  event_name: string
  promotion_id: string
  customer_id_path: string
  resolve_customer_from: "customer" | "order"
  enabled: boolean
  created_at: string
  updated_at: string
}

export type AssignmentRuleInput = {
  name?: string | null
  event_name?: string
  promotion?: string
  customer_id_path?: string
  resolve_customer_from?: "customer" | "order"
  enabled?: boolean
}

type RuleList = Paginated<"coupon_assignment_rules", CouponAssignmentRule> & {
  /** The event names rules can use: customer.created, order.placed and the store's `assignmentRuleEvents`. */
  events: string[]
}

export const assignmentRuleKeys = {
  all: ["coupon-assignment-rules"] as const,
  list: (promotionId: string, query: object) => ["coupon-assignment-rules", promotionId, query] as const,
}

/** The rules that give codes of one promotion, oldest first (the order they were set up in). */
export function useAssignmentRules(promotionId: string, query: { limit: number; offset: number }) {
  return useQuery({
    queryKey: assignmentRuleKeys.list(promotionId, query),
    queryFn: () =>
      sdk.client.fetch<RuleList>("/admin/coupon-assignment-rules", {
        query: { promotion_id: promotionId, order: "created_at", ...query },
      }),
    placeholderData: keepPreviousData,
  })
}

function useInvalidateRules() {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: assignmentRuleKeys.all })
}

export function useCreateAssignmentRule() {
  const invalidate = useInvalidateRules()
  return useMutation({
    mutationFn: (body: AssignmentRuleInput) =>
      sdk.client
        .fetch<{ coupon_assignment_rule: CouponAssignmentRule }>("/admin/coupon-assignment-rules", {
          method: "POST",
          body,
        })
        .then((r) => r.coupon_assignment_rule),
    onSuccess: invalidate,
  })
}

/** A partial update: `{ enabled: false }` pauses a rule, `{ enabled: true }` resumes it. */
export function useUpdateAssignmentRule() {
  const invalidate = useInvalidateRules()
  return useMutation({
    mutationFn: ({ id, ...body }: AssignmentRuleInput & { id: string }) =>
      sdk.client
        .fetch<{ coupon_assignment_rule: CouponAssignmentRule }>(`/admin/coupon-assignment-rules/${id}`, {
          method: "POST",
          body,
        })
        .then((r) => r.coupon_assignment_rule),
    onSuccess: invalidate,
  })
}

export function useDeleteAssignmentRule() {
  const invalidate = useInvalidateRules()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch(`/admin/coupon-assignment-rules/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  })
}
