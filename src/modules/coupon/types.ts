import { DEFAULT_IMPORT_LIMITS, ImportLimits } from "../../engine/code-file-limits"
import type { RefusalMessageOverrides } from "../../engine/refusals"

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
  /**
   * Imports: what an uploaded file may unpack into, checked while it is read (an .xlsx is a zip: a few hundred KB can
   * inflate into gigabytes). A file past any limit is refused whole with a 400 naming the limit. Keys left out keep
   * their defaults.
   */
  importLimits?: {
    /** Rows per file, counted as a spreadsheet numbers them (header included). Default 2,000,000. */
    maxRows?: number
    /** Characters per cell (Excel's own limit). Default 32,767. */
    maxCellChars?: number
    /** Bytes the .xlsx parts an import reads may inflate to, all together. Default 256 MiB. */
    maxUncompressedBytes?: number
    /** Bytes an .xlsx's shared strings part (held in memory while the sheet is read) may inflate to. Default 100 MiB. */
    maxSharedStringsBytes?: number
  }
  /** Generation counts above this run in the background (the request returns the pending batch). Default 5000. */
  backgroundThreshold?: number
  /** Channel of the "coupon given" notification sent on coupon.assigned; null turns it off. Default "email". */
  notificationChannel?: string | null
  /** Template of that notification (your provider's template id). Default "coupon-assigned". */
  notificationTemplate?: string
  /** Warn (event coupon_promotion.low_stock, admin warning) at this many unassigned codes left. Default 10. */
  lowStockThreshold?: number
  /** Events assignment rules may react to, besides customer.created and order.placed (e.g. your app's own). */
  assignmentRuleEvents?: string[]
  /**
   * false: the plugin registers no workflow hook handler (read when the app loads); the app registers its own and
   * calls the plugin's exported functions from it (README "Hooks"). Default true.
   */
  registerHooks?: boolean
  /**
   * Checkout: a coupon reservation made when a cart completes is released by the scheduled job if no order confirmed
   * it within this many minutes (the use, customer place and balance come back). Default 15.
   */
  reservationTimeoutMinutes?: number
  /**
   * Crash safety: a running batch whose worker sent no heartbeat (every 5 s) for this many seconds has lost its
   * worker; the recovery job (every 15 s) runs it again. Default 30.
   */
  batchLeaseSeconds?: number
  /** A pending batch nobody started within this many seconds (its event was lost) is started by the job. Default 10. */
  batchPendingGraceSeconds?: number
  /** How often the job restarts an interrupted batch before it fails it. Default 3. */
  batchMaxRecoveries?: number
  /** Checkout: how long a completion waits for a coupon's row locks before it fails (ms). Default 15000. */
  redemptionLockTimeoutMs?: number
  /** Brute-force throttle on coupon / promo codes typed into carts; failures are counted in Postgres. */
  throttle?: {
    /** Refused codes per cart within the window; the next attempt gets 429 with Retry-After. Default 10. */
    maxFailures?: number
    /** Refused codes per client address within the window, over all its carts. Default 30. */
    maxFailuresPerIp?: number
    /** Refused codes per logged-in customer within the window, over all carts and addresses. Default 20. */
    maxFailuresPerCustomer?: number
    /** Sliding window in seconds. Default 600. */
    windowSeconds?: number
  }
  /**
   * Which proxies in front of the app may name the client in X-Forwarded-For, for the throttle's per-address key:
   * addresses or CIDR ranges (["10.0.0.0/8", "127.0.0.1"]; "loopback", "linklocal", "uniquelocal" as in Express),
   * or the number of proxy hops to trust. Default none: the key is the TCP peer address, and no header changes it.
   */
  trustedProxies?: string[] | number
  /**
   * Shopper-facing refusal texts per locale, by machine code (README "Refusal codes"): e.g.
   * `{ de: { coupon_min_purchase: "Noch {missing_amount} bis zu diesem Gutschein" } }`. The request's locale
   * (x-medusa-locale / ?locale), the cart's locale or Accept-Language picks one ("de-DE" falls back to "de");
   * English otherwise. `{placeholders}` take the refusal's details.
   */
  messages?: RefusalMessageOverrides
  /**
   * Stacking: the most coupon codes (of different coupon promotions) one cart may hold; the code added past it is
   * refused with `coupon_too_many`. Native Medusa promotion codes do not count. Default null: no limit.
   */
  maxCouponsPerCart?: number | null
}

export const DEFAULT_PLUGIN_OPTIONS = {
  codes: { length: 10, alphabet: "ABCDEFGHJKMNPQRSTUVWXYZ23456789" },
  importMaxBytes: 50 * 1024 * 1024,
  importLimits: DEFAULT_IMPORT_LIMITS as Partial<ImportLimits>,
  backgroundThreshold: 5000,
  notificationChannel: "email" as string | null,
  notificationTemplate: "coupon-assigned",
  lowStockThreshold: 10,
  assignmentRuleEvents: [] as string[],
  registerHooks: true,
  throttle: { maxFailures: 10, maxFailuresPerIp: 30, maxFailuresPerCustomer: 20, windowSeconds: 600 },
  trustedProxies: [] as string[] | number,
  messages: {} as RefusalMessageOverrides,
  reservationTimeoutMinutes: 15,
  redemptionLockTimeoutMs: 15000,
  batchLeaseSeconds: 30,
  batchPendingGraceSeconds: 10,
  batchMaxRecoveries: 3,
  maxCouponsPerCart: null as number | null,
}

export type ResolvedCouponPluginOptions = typeof DEFAULT_PLUGIN_OPTIONS

/** The options a module service runs with: the defaults, with nested groups merged rather than replaced. */
export function resolvePluginOptions(options: CouponPluginOptions = {}): ResolvedCouponPluginOptions {
  return {
    ...DEFAULT_PLUGIN_OPTIONS,
    ...options,
    codes: { ...DEFAULT_PLUGIN_OPTIONS.codes, ...(options.codes ?? {}) },
    throttle: { ...DEFAULT_PLUGIN_OPTIONS.throttle, ...(options.throttle ?? {}) },
  }
}

export type CouponState = "unassigned" | "assigned" | "used_partially" | "used_fully" | "void"
export type BatchState = "pending" | "running" | "completed" | "failed"
export type RedemptionState = "reserved" | "confirmed" | "released"
