export type CouponPluginOptions = {
  /** Code generation defaults (per-batch pattern options override them). */
  codes?: {
    /** Default generated code length (not counting prefix/suffix). Minimum 8. Default 10. */
    length?: number
    /** Default alphabet. Default: A-Z and 2-9 without look-alikes (0 O 1 I L). */
    alphabet?: string
  }
  /** Imports: the largest accepted upload in bytes. Default 50 MiB. */
  importMaxBytes?: number
  /** Generation counts above this run in the background (the request returns the pending batch). Default 5000. */
  backgroundThreshold?: number
}

export const DEFAULT_PLUGIN_OPTIONS = {
  codes: { length: 10, alphabet: "ABCDEFGHJKMNPQRSTUVWXYZ23456789" },
  importMaxBytes: 50 * 1024 * 1024,
  backgroundThreshold: 5000,
}

export type ResolvedCouponPluginOptions = typeof DEFAULT_PLUGIN_OPTIONS

export type CouponState = "unassigned" | "assigned" | "used_partially" | "used_fully" | "void"
export type BatchState = "pending" | "running" | "completed" | "failed"
export type RedemptionState = "reserved" | "confirmed" | "released"
