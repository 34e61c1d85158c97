/**
 * The SQL of the redemption ledger, one file per step: reserve at checkout (./reserve.ts), confirm with the order
 * (./confirm.ts), release (failed completion, stale reservation, canceled order) and restore, the compensation of a
 * release (./release.ts).
 *
 * Every limit and balance is decided with the rows locked in Postgres, never in process memory, so it holds on any
 * number of app instances (DESIGN §3 fact 7). Lock order everywhere: promotion rows, then coupon rows (both by id,
 * ./locks.ts), then redemption rows, the order ../assignment.ts uses, so gives, redemptions and releases never
 * deadlock. Decisions and counter arithmetic come from src/engine/redemption.ts (written back by ./counters.ts).
 */
export type { RedemptionRow } from "./rows"
export { reserveRedemptions } from "./reserve"
export type { ReserveRedemptionsInput, ReserveRedemptionsResult } from "./reserve"
export { confirmRedemptions, unconfirmRedemptions } from "./confirm"
export { listStaleReservations, releaseRedemptions, restoreRedemptions } from "./release"
export type { ReleaseRedemptionsInput, ReleasedRedemption } from "./release"
