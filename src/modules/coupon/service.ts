import { InjectTransactionManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import CouponPromotion from "./models/coupon-promotion"
import CouponBatch from "./models/coupon-batch"
import Coupon from "./models/coupon"
import CouponRedemption from "./models/coupon-redemption"
import CouponAssignmentRule from "./models/coupon-assignment-rule"
import CouponBulkAssignment from "./models/coupon-bulk-assignment"
import CouponCartCode from "./models/coupon-cart-code"
import CouponFailedAttempt from "./models/coupon-failed-attempt"
import { CouponThrottleKey, readCouponThrottle, recordCouponFailure } from "./sql/failed-attempts"
import { countCustomerPromotionUses, countCustomerUses } from "./sql/customer-usage"
import type { CustomerPromotionUsesInput, CustomerUsesInput } from "./sql/customer-usage"
import { ReleaseRedemptionsInput, ReserveRedemptionsInput, confirmRedemptions, listStaleReservations } from "./redemption"
import { releaseRedemptions, reserveRedemptions, restoreRedemptions, unconfirmRedemptions } from "./redemption"
import { assignNextCoupon, AssignCouponResult, returnCouponToStock } from "./assignment"
import {
  generateBatchCoupons,
  GenerateBatchCouponsInput,
  importBatchCoupons,
  ImportBatchCouponsInput,
  removeImportedBatch,
} from "./batch-codes"
import { countCodesInSystem, CouponListFilter, listPromotionCoupons, streamPromotionCoupons } from "./coupon-list"
import { CouponPluginOptions, resolvePluginOptions, ResolvedCouponPluginOptions } from "./types"
import { compileTrustedProxies } from "../../lib/client-address"
import {
  claimPendingBatch,
  deleteUnusedBatch,
  failOrphanedBatch,
  heartbeatBatch,
  listOrphanedBatches,
  requeueOrphanedBatch,
  retryFailedBatch,
} from "./sql/batch-lifecycle"
import {
  archivePromotionOnce,
  hasPromotionBeenUsed,
  ListPromotionIdsParams,
  PromotionIdsPage,
  listPromotionIdsForAdmin,
  restorePromotionTree,
  softDeletePromotionTree,
  undoPromotionArchive,
} from "./sql/promotion-admin"
import { checkInvariants, CounterRepair, DEFAULT_INVARIANT_GRACE_MINUTES, InvariantReport, repairCounters } from "./invariants"
import { now as clockNow } from "../../lib/clock"
import { RedemptionReports } from "./redemption-reports"
import { ARCHIVED_PROMOTION_READ_ONLY, lockOpenPromotion } from "./open-promotion"
import { voidCoupons, VoidCouponsInput } from "./void-codes"
import { BatchExpiryInput, setBatchCouponExpiry } from "./code-expiry"

type InjectedDependencies = Record<string, unknown>

export { ARCHIVED_PROMOTION_READ_ONLY }

/**
 * Lock order, everywhere in this module: promotion rows, then coupon rows, then batch rows, then redemption rows;
 * several rows of one table by id. Giving a code (./assignment.ts), reserving, confirming and releasing a use
 * (./redemption/), loading or removing a batch's codes (./batch-codes.ts, ./bulk-codes.ts, ./sql/batch-lifecycle.ts),
 * updating or archiving a promotion (updateOpenCouponPromotion, ./sql/promotion-admin.ts), voiding codes or setting
 * their expiry (./void-codes.ts, ./code-expiry.ts) and repairing counters all take them in this order, so no two of
 * them can deadlock. Writes that take one row only (a batch's heartbeat or
 * progress, its claim) take it without holding any other.
 */

class CouponModuleService extends MedusaService({
  CouponPromotion,
  CouponBatch,
  Coupon,
  CouponRedemption,
  CouponAssignmentRule,
  CouponBulkAssignment,
  CouponCartCode,
  CouponFailedAttempt,
}) {
  protected readonly options_: ResolvedCouponPluginOptions

  constructor(container: InjectedDependencies, options: CouponPluginOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = resolvePluginOptions(options)
    // A misspelt proxy range would otherwise surface on the first refused code; refuse to boot instead.
    compileTrustedProxies(this.options_.trustedProxies)
  }

  /** Plugin options reach module services, not subscribers (Medusa 2.21): everyone reads them here. */
  getOptions(): ResolvedCouponPluginOptions {
    return this.options_
  }

  /** Gives the customer one unassigned code of the promotion (id or custom ID), atomically; see ./assignment.ts. */
  @InjectTransactionManager()
  async assignCoupon(
    input: { promotion: string; customer_id: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AssignCouponResult> {
    return await assignNextCoupon(this.transactionKnex_(sharedContext), input)
  }

  /** Takes an assigned, never used code back into the unassigned pool. */
  @InjectTransactionManager()
  async unassignCoupon(
    input: { coupon_id: string; promotion?: string },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await returnCouponToStock(this.transactionKnex_(sharedContext), input)
  }

  /**
   * Persists exactly `count` new codes for a generated batch in ONE transaction (all or nothing), topping up
   * collisions; progress goes to the batch row on a separate connection so it is readable meanwhile.
   */
  @InjectTransactionManager()
  async generateBatchCoupons(
    input: GenerateBatchCouponsInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ inserted: number; attempts: number }> {
    return await generateBatchCoupons(this.transactionKnex_(sharedContext), this.freshKnex_(), input)
  }

  /**
   * Creates a completed "imported" batch holding every given code, in ONE transaction: if any code already exists
   * (a coupon anywhere, or a live Medusa promotion code) nothing is written and the error names the clashes.
   */
  @InjectTransactionManager()
  async importBatchCoupons(input: ImportBatchCouponsInput, @MedusaContext() sharedContext: Context = {}) {
    const batchId = await importBatchCoupons(this.transactionKnex_(sharedContext), input)
    return await this.retrieveCouponBatch(batchId, {}, sharedContext)
  }

  /** Takes an imported batch back out (compensation of the import workflow), counters included. */
  @InjectTransactionManager()
  async removeImportedBatch(batchId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await removeImportedBatch(this.transactionKnex_(sharedContext), batchId)
  }

  /** A page of a promotion's codes with filters; counts from the counters where they can answer. */
  async listPromotionCoupons(filter: CouponListFilter, page: { limit: number; offset: number }) {
    return await listPromotionCoupons(this.freshKnex_(), filter, page)
  }

  /** Every matching code in pages, for CSV downloads of any size (see ./coupon-list.ts). */
  streamPromotionCoupons(filter: CouponListFilter, fetchSize?: number) {
    return streamPromotionCoupons(this.freshKnex_(), filter, fetchSize)
  }

  /** How many codes the system holds (coupons + live Medusa promotion codes), from counters: capacity checks. */
  async countCodesInSystem(): Promise<number> {
    return await countCodesInSystem(this.freshKnex_())
  }

  /** Admin list page: ids matching the computed status and search, in order, with the total (and rows); see ./sql. */
  async listCouponPromotionIdsForAdmin(params: ListPromotionIdsParams): Promise<PromotionIdsPage> {
    return await listPromotionIdsForAdmin(this.freshKnex_(), params)
  }

  /** A customer's live uses of each promotion across its codes, by account or e-mail (per_customer_scope "promotion"). */
  async countCustomerPromotionUses(input: CustomerPromotionUsesInput): Promise<Map<string, number>> {
    return await countCustomerPromotionUses(this.freshKnex_(), input)
  }

  /** A customer's live uses per coupon and per promotion (by account or e-mail), in one read; see ./sql/customer-usage.ts. */
  async countCustomerUses(input: CustomerUsesInput) {
    return await countCustomerUses(this.freshKnex_(), input)
  }

  /** Redemption reports: a promotion's stats over days, every promotion's totals, every use (./redemption-reports.ts). */
  redemptionReports(): RedemptionReports {
    return new RedemptionReports(this.freshKnex_())
  }

  /** Whether any code of the promotion was ever used (its rules that used codes depend on are then frozen). */
  async hasCouponPromotionBeenUsed(id: string): Promise<boolean> {
    return await hasPromotionBeenUsed(this.freshKnex_(), id)
  }

  /**
   * Updates a promotion that is not archived, holding its row lock: an archive running at the same time waits for the
   * update or finds it done, never the other way round (the archive check before it was a separate read).
   */
  @InjectTransactionManager()
  async updateOpenCouponPromotion(
    id: string,
    data: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ) {
    await lockOpenPromotion(this.transactionKnex_(sharedContext), id)
    return await this.updateCouponPromotions({ id, ...data } as any, sharedContext)
  }

  /** Archives unless already archived (false then); irreversible through the API. */
  @InjectTransactionManager()
  async archiveCouponPromotionOnce(id: string, at: Date, @MedusaContext() sharedContext: Context = {}) {
    return await archivePromotionOnce(this.transactionKnex_(sharedContext), id, at)
  }

  /** Workflow compensation only: undoes the archive made at `at`. */
  @InjectTransactionManager()
  async undoCouponPromotionArchive(id: string, at: Date, @MedusaContext() sharedContext: Context = {}) {
    await undoPromotionArchive(this.transactionKnex_(sharedContext), id, at)
  }

  /** Soft-deletes the promotion, its batches and codes (codes stay reserved system-wide). */
  @InjectTransactionManager()
  async softDeleteCouponPromotionTree(id: string, at: Date, @MedusaContext() sharedContext: Context = {}) {
    await softDeletePromotionTree(this.transactionKnex_(sharedContext), id, at)
  }

  /** Workflow compensation only: restores what softDeleteCouponPromotionTree stamped at `at`. */
  @InjectTransactionManager()
  async restoreCouponPromotionTree(id: string, at: Date, @MedusaContext() sharedContext: Context = {}) {
    await restorePromotionTree(this.transactionKnex_(sharedContext), id, at)
  }

  /**
   * Checkout: locks the applied coupons' promotion and coupon rows, re-checks every limit and balance and reserves one
   * redemption per coupon for the cart, idempotently (see ./redemption/reserve.ts). Throws NOT_ALLOWED with the reason.
   */
  @InjectTransactionManager()
  async reserveCouponRedemptions(
    input: Omit<ReserveRedemptionsInput, "lock_timeout_ms">,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await reserveRedemptions(this.transactionKnex_(sharedContext), {
      max_coupons_per_cart: this.options_.maxCouponsPerCart,
      ...input,
      lock_timeout_ms: this.options_.redemptionLockTimeoutMs,
    })
  }

  /** The order exists: the cart's reservations become confirmed uses of that order (only newly confirmed returned). */
  @InjectTransactionManager()
  async confirmCouponRedemptions(
    input: { cart_id: string; order_id: string; now: Date },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await confirmRedemptions(this.transactionKnex_(sharedContext), input)
  }

  /** Workflow compensation only: confirmed redemptions back to reserved. */
  @InjectTransactionManager()
  async unconfirmCouponRedemptions(ids: string[], @MedusaContext() sharedContext: Context = {}) {
    await unconfirmRedemptions(this.transactionKnex_(sharedContext), ids)
  }

  /** Gives uses, customer places and balance back for the picked redemptions (idempotent). */
  @InjectTransactionManager()
  async releaseCouponRedemptions(
    input: Omit<ReleaseRedemptionsInput, "lock_timeout_ms">,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await releaseRedemptions(this.transactionKnex_(sharedContext), {
      ...input,
      lock_timeout_ms: this.options_.redemptionLockTimeoutMs,
    })
  }

  /** Workflow compensation only: re-counts released redemptions in their previous state. */
  @InjectTransactionManager()
  async recountReleasedCouponRedemptions(
    redemptions: { id: string; previous_state: "reserved" | "confirmed" }[],
    @MedusaContext() sharedContext: Context = {}
  ) {
    await restoreRedemptions(this.transactionKnex_(sharedContext), {
      redemptions,
      lock_timeout_ms: this.options_.redemptionLockTimeoutMs,
    })
  }

  /** Reservations older than `before` that no order confirmed. */
  async listStaleCouponReservations(input: { before: Date; limit: number }) {
    return await listStaleReservations(this.freshKnex_(), input)
  }

  /** Whether a cart / client has used up its refused-code allowance (options.throttle), and for how long. */
  async getCouponThrottle(key: CouponThrottleKey) {
    return await readCouponThrottle(this.freshKnex_(), key, this.options_.throttle)
  }

  /** Counts one refused code towards the throttle; autocommitted, so a failing request still leaves it behind. */
  async recordCouponFailure(key: CouponThrottleKey & { code?: string | null }) {
    await recordCouponFailure(this.freshKnex_(), key, this.options_.throttle.windowSeconds)
  }

  // --- Batch lifecycle across crashes (./sql/batch-lifecycle.ts): claim, heartbeat, recovery, retry, delete. ---

  /** pending → running for exactly one worker; false when another worker has it or it is not pending. */
  async claimCouponBatch(batchId: string): Promise<boolean> {
    return await claimPendingBatch(this.freshKnex_(), batchId)
  }

  async heartbeatCouponBatch(batchId: string): Promise<void> {
    await heartbeatBatch(this.freshKnex_(), batchId)
  }

  private batchLease_() {
    return {
      leaseSeconds: this.options_.batchLeaseSeconds,
      pendingGraceSeconds: this.options_.batchPendingGraceSeconds,
    }
  }

  /** Batches whose worker is gone (no heartbeat within the lease) or that nobody picked up (see batch-lifecycle). */
  async listOrphanedCouponBatches(limit?: number) {
    return await listOrphanedBatches(this.freshKnex_(), this.batchLease_(), limit)
  }

  /** Takes an orphaned batch over for another run; true for the one caller that won it. */
  async requeueOrphanedCouponBatch(batchId: string): Promise<boolean> {
    return await requeueOrphanedBatch(this.freshKnex_(), batchId, this.batchLease_())
  }

  async failOrphanedCouponBatch(batchId: string, error: { type: string; message: string }): Promise<boolean> {
    return await failOrphanedBatch(this.freshKnex_(), batchId, this.batchLease_(), error)
  }

  /** The same lease for customer-group assignment runs, which resume from their cursor. */
  async claimCouponBulkAssignment(id: string): Promise<boolean> {
    return await claimPendingBatch(this.freshKnex_(), id, "coupon_bulk_assignment")
  }

  async heartbeatCouponBulkAssignment(id: string): Promise<void> {
    await heartbeatBatch(this.freshKnex_(), id, "coupon_bulk_assignment")
  }

  async listOrphanedCouponBulkAssignments(limit?: number) {
    return await listOrphanedBatches(this.freshKnex_(), this.batchLease_(), limit, "coupon_bulk_assignment")
  }

  async requeueOrphanedCouponBulkAssignment(id: string): Promise<boolean> {
    return await requeueOrphanedBatch(this.freshKnex_(), id, this.batchLease_(), "coupon_bulk_assignment")
  }

  async failOrphanedCouponBulkAssignment(id: string, error: { type: string; message: string }): Promise<boolean> {
    return await failOrphanedBatch(this.freshKnex_(), id, this.batchLease_(), error, "coupon_bulk_assignment")
  }

  /** A failed generated batch back to pending (admin "Retry"); false when it is not a failed generated batch. */
  async retryFailedCouponBatch(batchId: string): Promise<boolean> {
    return await retryFailedBatch(this.freshKnex_(), batchId)
  }

  /** Soft-deletes a batch none of whose codes left the unassigned pool, codes included (see deleteUnusedBatch). */
  @InjectTransactionManager()
  async deleteUnusedCouponBatch(
    input: { promotion_id: string; batch_id: string },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await deleteUnusedBatch(this.transactionKnex_(sharedContext), input)
  }

  /** Voids one unused code, or every unused code of a batch, with their counters, under row locks (./void-codes.ts). */
  @InjectTransactionManager()
  async voidCoupons(input: VoidCouponsInput, @MedusaContext() sharedContext: Context = {}) {
    return await voidCoupons(this.transactionKnex_(sharedContext), input, this.options_.redemptionLockTimeoutMs)
  }

  /** Sets a batch's usable codes' expires_at, under row locks (./code-expiry.ts). */
  @InjectTransactionManager()
  async setBatchCouponExpiry(input: BatchExpiryInput, @MedusaContext() sharedContext: Context = {}) {
    return await setBatchCouponExpiry(this.transactionKnex_(sharedContext), input, this.options_.redemptionLockTimeoutMs)
  }

  // --- Data check (issue 15): src/scripts/check-coupon-invariants.ts; the SQL is in ./sql/invariants.ts. ---

  /**
   * Checks every invariant of the plugin's data (counters, orders vs redemptions, reservations, codes, usage) in
   * one read-only snapshot. Orders, cancellations and completions younger than `graceMinutes` are not judged.
   */
  async checkCouponInvariants(input: { now?: Date; graceMinutes?: number } = {}): Promise<InvariantReport> {
    return await checkInvariants(this.freshKnex_(), {
      now: input.now ?? clockNow(),
      reservationTimeoutMinutes: this.options_.reservationTimeoutMinutes,
      graceMinutes: input.graceMinutes ?? DEFAULT_INVARIANT_GRACE_MINUTES,
    })
  }

  /** Sets drifted promotion and batch counters to what their codes say, promotion rows locked before batch rows. */
  @InjectTransactionManager()
  async repairCouponCounters(@MedusaContext() sharedContext: Context = {}): Promise<CounterRepair[]> {
    return await repairCounters(this.transactionKnex_(sharedContext), this.options_.redemptionLockTimeoutMs)
  }

  private freshKnex_() {
    return (this as any).baseRepository_.getFreshManager().getKnex()
  }

  // Row locks taken on a pooled autocommit connection would be released at once: insist on the transaction.
  private transactionKnex_(sharedContext: Context) {
    const knex = (sharedContext.transactionManager as any)?.getTransactionContext?.()
    if (!knex) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Coupon assignment must run inside a transaction")
    }
    return knex
  }
}

export default CouponModuleService
