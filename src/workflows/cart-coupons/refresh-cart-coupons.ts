/**
 * Recomputes the coupon discount of a cart: what the plugin's `updateCartPromotionsWorkflow.hooks.setPromotionContext`
 * handler runs on every cart refresh. Exported so an app that holds that hook itself can call it from its handler
 * (README "Hooks").
 */
import type { CreateLineItemAdjustmentDTO, MedusaContainer } from "@medusajs/framework/types"
import { ComputedActions, Modules, PromotionActions } from "@medusajs/framework/utils"
import { LineAdjustmentInput, LineTotalsInput, sumAdjustmentsByItem } from "../../engine/cart-adjustments"
import { computeCouponDiscount } from "../../engine/discount"
import { checkCouponEligibility, CustomerUsageInput } from "../../engine/eligibility"
import { compareDecimals, parseDecimal } from "../../engine/money"
import { resolveStacking } from "../../engine/stacking"
import { now } from "../../lib/clock"
import {
  AppliedCoupon,
  attachCouponRows,
  COUPON_ADJUSTMENT_PROVIDER_ID,
  authenticatedCartCustomerId,
  CouponCartLike,
  cartItems,
  couponAdjustmentDescription,
  couponService,
  fetchCouponCart,
  foreignUncodedAdjustments,
  listCartCodeRows,
  needsCategories,
  pluginAdjustments,
  toEngineCart,
} from "./cart-coupon-data"
import { customerUsageByCoupon } from "./customer-usage"

/** What the refresh changed, for its compensation (restoreCartCoupons). Null when nothing was written. */
export type CartCouponsSnapshot = {
  cart_id: string
  /** Plugin adjustments soft-deleted by the refresh. */
  removed_adjustment_ids: string[]
  created_adjustment_ids: string[]
  /** coupon_cart_code rows soft-deleted because the code is no longer usable by anyone on this cart. */
  detached_code_ids: string[]
} | null

export type RefreshCartCouponsInput = {
  /** The hook's cart (cartFieldsForRefreshSteps), or any cart with the fields in CART_COUPON_FIELDS + promotions. */
  cart: CouponCartLike & Record<string, any>
  /** The hook's action and promo_codes: which native promotions Medusa is about to (re)compute. */
  action?: string
  promo_codes?: string[]
  /** Whatever your own setPromotionContext handler returns, so native amounts are predicted with the same context. */
  promotion_context?: Record<string, unknown>
}

export type CouponAdjustmentToCreate = {
  item_id: string
  amount: number
  description: string
  provider_id: string
  is_tax_inclusive: false
}

/**
 * The codes Medusa's getPromotionCodesToApply step will end up with (it throws for unknown codes afterwards; the
 * hook's compensation then restores what we wrote).
 */
function nativeCodesToApply(cart: CouponCartLike & Record<string, any>, action?: string, promoCodes: string[] = []) {
  const codes = new Set<string>()
  for (const line of [...cartItems(cart), ...((cart.shipping_methods ?? []) as any[])]) {
    for (const adjustment of line?.adjustments ?? []) {
      if (adjustment?.code) {
        codes.add(adjustment.code)
      }
    }
  }
  const effective = action ?? PromotionActions.ADD
  if (effective === PromotionActions.REMOVE) {
    promoCodes.forEach((code) => codes.delete(code))
  }
  if (effective === PromotionActions.REPLACE) {
    codes.clear()
  }
  if (effective === PromotionActions.ADD || effective === PromotionActions.REPLACE) {
    promoCodes.forEach((code) => codes.add(code))
  }
  return Array.from(codes)
}

/**
 * The hook runs BEFORE Medusa recomputes native promotions, so the cart still carries the previous run's native
 * adjustments. Stacking must be capped against the new ones (a quantity change alters a native percentage), so we
 * ask the promotion module for the same actions its next step will compute.
 */
async function predictNativeAdjustments(
  container: MedusaContainer,
  input: RefreshCartCouponsInput
): Promise<NativePrediction> {
  const promotionModule = container.resolve(Modules.PROMOTION)
  const codes = nativeCodesToApply(input.cart, input.action, input.promo_codes)
  // No code to apply and no automatic promotion in the store (in any status): computeActions could only find
  // nothing to add, so one id lookup stands in for its three reads (rule attributes, prefiltered automatic
  // promotions, the promotions with their rules), which Medusa's next step makes again anyway.
  if (!codes.length) {
    const automatic = await promotionModule.listPromotions({ is_automatic: true }, { select: ["id"], take: 1 })
    if (!automatic.length) {
      return { codes: [], adjustments: [] }
    }
  }
  const actions = await promotionModule.computeActions(codes, {
    ...(input.cart as any),
    ...(input.promotion_context ?? {}),
  })
  const adjusting = actions.filter(
    (action: any) =>
      action.action === ComputedActions.ADD_ITEM_ADJUSTMENT ||
      action.action === ComputedActions.ADD_SHIPPING_METHOD_ADJUSTMENT
  )
  return {
    // Automatic promotions included: a coupon that does not combine with native promotions yields to them too.
    codes: Array.from(new Set(adjusting.map((action: any) => action.code).filter(Boolean))) as string[],
    adjustments: adjusting
      .filter((action: any) => action.action === ComputedActions.ADD_ITEM_ADJUSTMENT)
      .map((action: any) => ({
        item_id: action.item_id,
        amount: String(action.amount),
        is_tax_inclusive: action.is_tax_inclusive ?? false,
      })),
  }
}

/** The native promotions a cart will carry: their codes and their line adjustments. */
export type NativePrediction = { codes: string[]; adjustments: LineAdjustmentInput[] }

function sameAdjustments(existing: { item_id: string; amount: unknown; description?: string | null }[], next: CouponAdjustmentToCreate[]) {
  if (existing.length !== next.length) {
    return false
  }
  const key = (item_id: string, description: string | null | undefined) => `${item_id}\u0000${description ?? ""}`
  const wanted = new Map(next.map((adjustment) => [key(adjustment.item_id, adjustment.description), adjustment.amount]))
  return existing.every((adjustment) => {
    const amount = wanted.get(key(adjustment.item_id, adjustment.description))
    return (
      amount !== undefined && compareDecimals(parseDecimal(String(adjustment.amount)), parseDecimal(amount)) === 0
    )
  })
}

/** customerUsageByCoupon for the codes applied to the cart. */
export function appliedCouponsUsage(container: MedusaContainer, cart: CouponCartLike, applied: AppliedCoupon[]) {
  return customerUsageByCoupon(
    container,
    cart,
    applied.map(({ row, promotion }) => ({ coupon_id: row.coupon_id, promotion }))
  )
}

/**
 * The adjustments every applied code should have on this cart, in stacking order (oldest code first), plus the
 * codes to detach. A code that became unusable for a reason the shopper can fix (minimum purchase, dates, usage)
 * stays applied with no discount, so it comes back when the cart qualifies again; one that reads "invalid" (void,
 * archived, a personal coupon whose cart no longer belongs to the customer who applied it) is detached. A code
 * that may not share the cart with an older one or with a native promotion (combinable_with_*, maxCouponsPerCart)
 * stays applied with no discount too.
 */
export async function computeCartCouponAdjustments(
  container: MedusaContainer,
  cart: CouponCartLike & Record<string, any>,
  applied: AppliedCoupon[],
  native: NativePrediction,
  /** The shopper's usage (appliedCouponsUsage), when the caller read it already; read here otherwise. */
  knownUsage?: Map<string, CustomerUsageInput>
): Promise<{ adjustments: CouponAdjustmentToCreate[]; detach: string[] }> {
  const at = now()
  const nativeAdjustments = native.adjustments
  const [eligibilityCart, usage] = await Promise.all([
    toEngineCart(container, cart, {
      needsCategories: needsCategories(applied),
      nativeDiscounted: new Set(
        nativeAdjustments.filter((adjustment) => Number(adjustment.amount) > 0).map((adjustment) => adjustment.item_id)
      ),
    }),
    knownUsage ?? appliedCouponsUsage(container, cart, applied),
  ])
  const yielding = resolveStacking({
    coupons: applied.map(({ row, promotion }) => ({ code: row.code, promotion: promotion ?? { id: row.promotion_id } })),
    nativeCodes: native.codes,
    maxCouponsPerCart: couponService(container).getOptions().maxCouponsPerCart,
  })
  const lines = new Map<string, LineTotalsInput>(
    cartItems(cart).map((item) => [
      item.id,
      { subtotal: String(item.subtotal ?? 0), original_total: item.original_total == null ? null : String(item.original_total) },
    ])
  )
  const stacked: LineAdjustmentInput[] = [
    ...nativeAdjustments,
    ...foreignUncodedAdjustments(cart).map((adjustment) => ({
      item_id: adjustment.item_id,
      amount: String(adjustment.amount),
      is_tax_inclusive: adjustment.is_tax_inclusive ?? false,
    })),
  ]
  const adjustments: CouponAdjustmentToCreate[] = []
  const detach: string[] = []
  for (const [index, { row, coupon, promotion }] of applied.entries()) {
    const couponCart = { ...eligibilityCart, customer_id: authenticatedCartCustomerId(cart, row.customer_id) }
    const eligibility = checkCouponEligibility({
      promotion,
      coupon,
      cart: couponCart,
      customerUsage: usage.get(row.coupon_id) ?? { uses: 0 },
      now: at,
    })
    if (!eligibility.ok) {
      if (eligibility.reason === "invalid_code") {
        detach.push(row.id)
      }
      continue
    }
    if (yielding.has(index)) {
      continue
    }
    const others = sumAdjustmentsByItem(stacked, lines)
    const discount = computeCouponDiscount({
      promotion: promotion!,
      coupon,
      cart: {
        ...couponCart,
        items: couponCart.items.map((item) => ({ ...item, other_adjustments_total: others.get(item.id) ?? 0 })),
      },
    })
    for (const line of discount.lines) {
      adjustments.push({
        item_id: line.item_id,
        amount: line.amount,
        description: couponAdjustmentDescription(row.code),
        provider_id: COUPON_ADJUSTMENT_PROVIDER_ID,
        is_tax_inclusive: false,
      })
      stacked.push({ item_id: line.item_id, amount: line.amount })
    }
  }
  return { adjustments, detach }
}

/**
 * Rewrites the plugin's own adjustments on the cart (never anyone else's: setLineItemAdjustments would soft-delete
 * native ones too) and returns what it changed, for restoreCartCoupons. Completed carts are left alone.
 */
export async function refreshCartCoupons(
  container: MedusaContainer,
  input: RefreshCartCouponsInput
): Promise<{ snapshot: CartCouponsSnapshot; adjustments: CouponAdjustmentToCreate[] }> {
  let cart = input.cart
  if (!cart?.id || cart.completed_at) {
    return { snapshot: null, adjustments: [] }
  }
  const rows = await listCartCodeRows(container, cart.id)
  const existing = pluginAdjustments(cart)
  if (!rows.length && !existing.length) {
    return { snapshot: null, adjustments: [] }
  }
  // Callers passing a partial cart (no line subtotals) get it completed, so amounts are never computed on zero.
  if (cartItems(cart).some((item) => item.subtotal === undefined)) {
    cart = { ...cart, ...(await fetchCouponCart(container, cart.id)) }
  }
  let computed: { adjustments: CouponAdjustmentToCreate[]; detach: string[] } = { adjustments: [], detach: [] }
  if (rows.length) {
    // Independent reads, side by side: the codes' coupons and promotions then the shopper's uses of them, and what
    // native promotions will give.
    const fullCart = cart
    const [[applied, usage], native] = await Promise.all([
      attachCouponRows(container, rows).then(
        async (applied) => [applied, await appliedCouponsUsage(container, fullCart, applied)] as const
      ),
      predictNativeAdjustments(container, { ...input, cart }),
    ])
    computed = await computeCartCouponAdjustments(container, cart, applied, native, usage)
  }
  const { adjustments, detach } = computed

  if (!detach.length && sameAdjustments(existing, adjustments)) {
    return { snapshot: null, adjustments }
  }
  const cartModule = container.resolve(Modules.CART)
  const removed = existing.map((adjustment) => adjustment.id)
  if (removed.length) {
    await cartModule.softDeleteLineItemAdjustments(removed)
  }
  // `code: null` keeps Medusa's computeActions away from them (it removes every adjustment with a string code and
  // re-adds only native promotions); the DTO types `code` as required, the column is nullable. Passed without the
  // cart id, as Medusa's own createLineItemAdjustmentsStep does: every item_id comes from this cart's lines, so the
  // module's re-read of the cart and its lines to check that would be two queries for nothing.
  const created = adjustments.length
    ? await cartModule.addLineItemAdjustments(
        adjustments.map((adjustment) => ({ ...adjustment, code: null })) as unknown as CreateLineItemAdjustmentDTO[]
      )
    : []
  if (detach.length) {
    await couponService(container).softDeleteCouponCartCodes(detach)
  }
  return {
    snapshot: {
      cart_id: cart.id,
      removed_adjustment_ids: removed,
      created_adjustment_ids: created.map((adjustment) => adjustment.id),
      detached_code_ids: detach,
    },
    adjustments,
  }
}

/** Compensation of refreshCartCoupons: puts the previous adjustments and codes back when a later step fails. */
export async function restoreCartCoupons(container: MedusaContainer, snapshot: CartCouponsSnapshot | undefined) {
  if (!snapshot) {
    return
  }
  const cartModule = container.resolve(Modules.CART)
  if (snapshot.created_adjustment_ids.length) {
    await cartModule.softDeleteLineItemAdjustments(snapshot.created_adjustment_ids)
  }
  if (snapshot.removed_adjustment_ids.length) {
    await cartModule.restoreLineItemAdjustments(snapshot.removed_adjustment_ids)
  }
  if (snapshot.detached_code_ids.length) {
    await couponService(container).restoreCouponCartCodes(snapshot.detached_code_ids)
  }
}
