import { StatusBadge } from "@medusajs/ui"
import {
  COUPON_STATE_COLOR,
  COUPON_STATE_LABEL,
  PROMOTION_STATUS_COLOR,
  PROMOTION_STATUS_LABEL,
} from "../lib/format"
import type { BatchState, CouponRedemption, CouponState, PromotionStatus } from "../lib/types"

export const PromotionStatusBadge = ({ status }: { status: PromotionStatus }) => (
  <StatusBadge color={PROMOTION_STATUS_COLOR[status] ?? "grey"}>{PROMOTION_STATUS_LABEL[status] ?? status}</StatusBadge>
)

export const CouponStateBadge = ({ state }: { state: CouponState }) => (
  <StatusBadge color={COUPON_STATE_COLOR[state] ?? "grey"}>{COUPON_STATE_LABEL[state] ?? state}</StatusBadge>
)

const BATCH_COLOR: Record<BatchState, "green" | "grey" | "red" | "blue"> = {
  pending: "grey",
  running: "blue",
  completed: "green",
  failed: "red",
}

export const BatchStateBadge = ({ state }: { state: BatchState }) => (
  <StatusBadge color={BATCH_COLOR[state]}>{state[0].toUpperCase() + state.slice(1)}</StatusBadge>
)

const REDEMPTION_COLOR: Record<CouponRedemption["state"], "green" | "grey" | "orange"> = {
  reserved: "orange",
  confirmed: "green",
  released: "grey",
}

export const RedemptionStateBadge = ({ state }: { state: CouponRedemption["state"] }) => (
  <StatusBadge color={REDEMPTION_COLOR[state]}>{state[0].toUpperCase() + state.slice(1)}</StatusBadge>
)
