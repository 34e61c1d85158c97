/**
 * Reads shared by applying a code, the refresh hook and (issue 6) completion: the cart as the engine sees it, the
 * codes applied to it and their coupons and promotions. No discount math here: that is src/engine.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CartInput, CartItemInput } from "../../engine/discount"
import { CouponInput, CouponPromotionInput } from "../../engine/eligibility"
import { normalizeCode } from "../../engine/codes"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"

/** `provider_id` of every adjustment the plugin writes; the only adjustments it ever deletes carry it. */
export const COUPON_ADJUSTMENT_PROVIDER_ID = "coupon-batches"

/** Shown on the line-item adjustment (and kept on the order line): names the code, like native promotions do. */
export function couponAdjustmentDescription(code: string): string {
  return `Coupon ${code}`
}

/** What the plugin needs of a cart; the refresh hook's cart (cartFieldsForRefreshSteps) has all of it. */
export const CART_COUPON_FIELDS = [
  "id",
  "currency_code",
  "sales_channel_id",
  "customer_id",
  "email",
  "completed_at",
  "customer.id",
  // A cart-level total makes query.graph compute line totals (items.subtotal stays empty otherwise).
  "item_subtotal",
  "items.id",
  "items.quantity",
  "items.unit_price",
  "items.subtotal",
  "items.original_total",
  "items.is_tax_inclusive",
  "items.is_discountable",
  "items.product_id",
  "items.product.id",
  "items.product.collection_id",
  "items.product.categories.id",
  "items.adjustments.*",
  "items.tax_lines.*",
  // Native promotions on shipping count as native codes on the cart (combinable_with_native).
  "shipping_methods.adjustments.code",
  "shipping_methods.adjustments.provider_id",
]

export type CartAdjustmentLike = {
  id: string
  item_id: string
  amount: unknown
  code?: string | null
  provider_id?: string | null
  description?: string | null
  promotion_id?: string | null
  is_tax_inclusive?: boolean | null
}

export type CouponCartLike = {
  id: string
  currency_code: string
  sales_channel_id?: string | null
  customer_id?: string | null
  email?: string | null
  completed_at?: unknown
  customer?: { id: string } | null
  promotions?: ({ code?: string | null } | null)[] | null
  shipping_methods?: ({ adjustments?: ({ code?: string | null; provider_id?: string | null } | null)[] | null } | null)[] | null
  items?:
    | ({
        id: string
        quantity?: unknown
        unit_price?: unknown
        subtotal?: unknown
        original_total?: unknown
        is_tax_inclusive?: boolean | null
        is_discountable?: boolean | null
        product_id?: string | null
        product?: { id?: string; collection_id?: string | null; categories?: ({ id: string } | null)[] | null } | null
        adjustments?: (CartAdjustmentLike | null)[] | null
      } | null)[]
    | null
}

export type AppliedCoupon = {
  /** The coupon_cart_code row. */
  row: {
    id: string
    cart_id: string
    coupon_id: string
    promotion_id: string
    code: string
    /** The authenticated customer who applied the code; null when a guest did. */
    customer_id?: string | null
    created_at?: unknown
  }
  coupon: (CouponInput & { id: string; code: string; promotion_id: string }) | null
  promotion: (CouponPromotionInput & { id: string; custom_id?: string }) | null
}

export function couponService(container: MedusaContainer): CouponModuleService {
  return container.resolve(COUPON_MODULE)
}

const TOTALS_FIELDS = ["item_subtotal", "items.subtotal", "items.original_total", "items.tax_lines.*"]
// Only read for a promotion that targets or excludes collections or categories (needsProductData).
const PRODUCT_FIELDS = ["items.product.id", "items.product.collection_id", "items.product.categories.id"]
// Only read for native codes on shipping (nativeCodesOnCart).
const SHIPPING_FIELDS = ["shipping_methods.adjustments.code", "shipping_methods.adjustments.provider_id"]

/**
 * The cart with CART_COUPON_FIELDS, or without the parts a caller does not need (each part left out is one or two
 * queries fewer): `totals: false` is enough for every check but the minimum purchase, and much cheaper to read;
 * `products: false` when no promotion looks at collections or categories (items.product_id stays); `shipping:
 * false` when native codes on shipping do not matter; `customer: false` leaves out `customer.id`, which only repeats
 * `customer_id` (see cartCustomerId).
 */
export async function fetchCouponCart(
  container: MedusaContainer,
  cartId: string,
  options: { totals?: boolean; products?: boolean; shipping?: boolean; customer?: boolean } = {}
): Promise<CouponCartLike> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const left = [
    ...(options.totals === false ? TOTALS_FIELDS : []),
    ...(options.products === false ? PRODUCT_FIELDS : []),
    ...(options.shipping === false ? SHIPPING_FIELDS : []),
    ...(options.customer === false ? ["customer.id"] : []),
  ]
  const fields = left.length ? CART_COUPON_FIELDS.filter((field) => !left.includes(field)) : CART_COUPON_FIELDS
  const {
    data: [cart],
  } = await query.graph({ entity: "cart", fields, filters: { id: cartId } })
  if (!cart) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart id not found: ${cartId}`)
  }
  return cart as unknown as CouponCartLike
}

export function cartItems(cart: CouponCartLike) {
  return (cart.items ?? []).filter((item): item is NonNullable<typeof item> => !!item)
}

export function pluginAdjustments(cart: CouponCartLike): CartAdjustmentLike[] {
  return cartItems(cart).flatMap((item) =>
    (item.adjustments ?? []).filter(
      (adjustment): adjustment is CartAdjustmentLike =>
        !!adjustment && adjustment.provider_id === COUPON_ADJUSTMENT_PROVIDER_ID
    )
  )
}

/**
 * Adjustments that stay on the lines through a refresh and are not ours: written with `code: null` by someone else
 * (Medusa's promotion machinery removes and re-adds everything with a code, see predictNativeAdjustments).
 */
export function foreignUncodedAdjustments(cart: CouponCartLike): CartAdjustmentLike[] {
  return cartItems(cart).flatMap((item) =>
    (item.adjustments ?? []).filter(
      (adjustment): adjustment is CartAdjustmentLike =>
        !!adjustment && !adjustment.code && adjustment.provider_id !== COUPON_ADJUSTMENT_PROVIDER_ID
    )
  )
}

/** Native (Medusa promotion) adjustments on the cart's lines: code set, not by the plugin. */
export function nativeAdjustments(cart: CouponCartLike) {
  return cartItems(cart).flatMap((item) =>
    (item.adjustments ?? [])
      .filter(
        (adjustment): adjustment is CartAdjustmentLike =>
          !!adjustment && !!adjustment.code && adjustment.provider_id !== COUPON_ADJUSTMENT_PROVIDER_ID
      )
      .map((adjustment) => ({ ...adjustment, item_id: item.id }))
  )
}

/** The Medusa promotion codes discounting the cart now (lines and shipping), automatic ones included. */
export function nativeCodesOnCart(cart: CouponCartLike): string[] {
  const codes = new Set<string>(nativeAdjustments(cart).map((adjustment) => adjustment.code!))
  for (const method of cart.shipping_methods ?? []) {
    for (const adjustment of method?.adjustments ?? []) {
      if (adjustment?.code && adjustment.provider_id !== COUPON_ADJUSTMENT_PROVIDER_ID) {
        codes.add(adjustment.code)
      }
    }
  }
  return Array.from(codes)
}

/** The cart's customer record: a registered account or a guest Medusa created or found by e-mail. */
export function cartCustomerId(cart: CouponCartLike): string | null {
  return cart.customer_id ?? cart.customer?.id ?? null
}

/**
 * Who may use a personal coupon on this cart: the customer who applied the code while authenticated (the request's
 * customer actor, recorded on coupon_cart_code), and only while that customer is still the cart's customer. Medusa
 * attaches a registered customer to any cart given their e-mail, so the cart alone proves nothing; a cart whose
 * customer changed after the code was applied loses it.
 */
export function authenticatedCartCustomerId(cart: CouponCartLike, appliedBy: string | null | undefined): string | null {
  return appliedBy && appliedBy === cartCustomerId(cart) ? appliedBy : null
}

/** Category ids of the cart's products with all their ancestors, so a coupon aimed at a parent category covers them. */
async function categoryAncestors(container: MedusaContainer, cart: CouponCartLike): Promise<Map<string, string[]>> {
  const ids = new Set<string>()
  for (const item of cartItems(cart)) {
    for (const category of item.product?.categories ?? []) {
      if (category?.id) {
        ids.add(category.id)
      }
    }
  }
  const out = new Map<string, string[]>()
  if (!ids.size) {
    return out
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_category",
    fields: ["id", "mpath"],
    filters: { id: Array.from(ids) },
  })
  for (const category of data as { id: string; mpath?: string | null }[]) {
    // mpath is "root.parent.self" (Medusa's materialized path): every segment is the category or an ancestor.
    const path = (category.mpath ?? "").split(".").filter(Boolean)
    out.set(category.id, Array.from(new Set([category.id, ...path])))
  }
  return out
}

/**
 * The engine's view of the cart. `customer_id` is the authenticated shopper (see authenticatedCartCustomerId; null,
 * the default, for a guest). `otherAdjustments` gives each line's pre-tax sum of discounts that are not the coupon
 * being computed; pass an empty map for eligibility checks, which only look at subtotals and targeting.
 */
export async function toEngineCart(
  container: MedusaContainer,
  cart: CouponCartLike,
  options: {
    needsCategories: boolean
    otherAdjustments?: Map<string, string>
    customer_id?: string | null
    /** Lines carrying a native promotion's discount (exclude_discounted_lines); default: read from the cart. */
    nativeDiscounted?: Set<string>
  }
): Promise<CartInput> {
  const natives = options.nativeDiscounted ?? new Set(nativeAdjustments(cart).map((adjustment) => adjustment.item_id))
  const ancestors = options.needsCategories ? await categoryAncestors(container, cart) : new Map<string, string[]>()
  const items: CartItemInput[] = cartItems(cart)
    // A line the store marked not discountable (gift cards are) takes no coupon, as with native promotions.
    .filter((item) => item.is_discountable !== false)
    .map((item) => ({
      id: item.id,
      product_id: item.product_id ?? item.product?.id ?? null,
      collection_id: item.product?.collection_id ?? null,
      category_ids: Array.from(
        new Set(
          (item.product?.categories ?? []).flatMap((category) =>
            category?.id ? ancestors.get(category.id) ?? [category.id] : []
          )
        )
      ),
      quantity: numeric(item.quantity),
      unit_price: numeric(item.unit_price),
      subtotal: numeric(item.subtotal) ?? 0,
      is_tax_inclusive: item.is_tax_inclusive ?? false,
      other_adjustments_total: options.otherAdjustments?.get(item.id) ?? 0,
      native_discounted: natives.has(item.id),
    }))
  return {
    currency_code: cart.currency_code,
    sales_channel_id: cart.sales_channel_id ?? null,
    customer_id: options.customer_id ?? null,
    items,
  }
}

/** Medusa hands amounts over as numbers, strings or BigNumber objects; the engine reads their decimal text. */
function numeric(value: unknown): string | number | undefined {
  if (value === null || value === undefined) {
    return undefined
  }
  if (typeof value === "number" || typeof value === "string") {
    return value
  }
  const raw = (value as { numeric?: number; toString?: () => string })
  return typeof raw.toString === "function" ? raw.toString() : undefined
}

export function needsCategories(applied: Pick<AppliedCoupon, "promotion">[]): boolean {
  return applied.some(
    ({ promotion }) =>
      ((promotion?.applies_to ?? "all") === "specific" && (promotion?.target_category_ids?.length ?? 0) > 0) ||
      (promotion?.excluded_category_ids?.length ?? 0) > 0
  )
}

/** Whether any promotion reads the products' collections or categories (targets or exclusions). */
export function needsProductData(applied: Pick<AppliedCoupon, "promotion">[]): boolean {
  return applied.some(
    ({ promotion }) =>
      (promotion?.applies_to ?? "all") === "specific" ||
      (promotion?.excluded_product_ids?.length ?? 0) > 0 ||
      (promotion?.excluded_collection_ids?.length ?? 0) > 0 ||
      (promotion?.excluded_category_ids?.length ?? 0) > 0
  )
}

/** The coupon_cart_code rows of the cart, oldest first (stacking order). */
export async function listCartCodeRows(container: MedusaContainer, cartId: string): Promise<AppliedCoupon["row"][]> {
  const service = couponService(container)
  const rows = await service.listCouponCartCodes({ cart_id: cartId }, { order: { created_at: "ASC", id: "ASC" } })
  return rows as AppliedCoupon["row"][]
}

/** The codes applied to the cart, oldest first (stacking order), with their coupon and promotion rows. */
export async function listAppliedCoupons(container: MedusaContainer, cartId: string): Promise<AppliedCoupon[]> {
  return await attachCouponRows(container, await listCartCodeRows(container, cartId))
}

/** Rows of listCartCodeRows with their coupon and live promotion (no read when there are none). */
export async function attachCouponRows(container: MedusaContainer, rows: AppliedCoupon["row"][]): Promise<AppliedCoupon[]> {
  if (!rows.length) {
    return []
  }
  const coupons = await listCouponsWithLivePromotion(container, { id: rows.map((row) => row.coupon_id) })
  const byId = new Map(coupons.map((coupon) => [coupon.id, coupon]))
  return rows.map((row) => {
    const coupon = byId.get(row.coupon_id) ?? null
    return { row, coupon, promotion: coupon?.promotion ?? null }
  })
}

/** Coupons with their promotion loaded as `promotion`, or null when the promotion is soft-deleted. */
async function listCouponsWithLivePromotion(container: MedusaContainer, filters: Record<string, unknown>) {
  const coupons = await couponService(container).listCoupons(filters, { relations: ["promotion"] })
  return coupons.map((coupon: any) => ({
    ...coupon,
    promotion: coupon.promotion && !coupon.promotion.deleted_at ? coupon.promotion : null,
  }))
}

/** Coupons (with their live promotion, see listCouponsWithLivePromotion) for codes as typed; codes are matched normalized. Unknown codes are absent. */
export async function findCouponsByCode(container: MedusaContainer, rawCodes: string[]) {
  const normalized = Array.from(new Set(rawCodes.map((code) => normalizeCode(code)).filter(Boolean)))
  if (!normalized.length) {
    return new Map<string, any>()
  }
  const coupons = await listCouponsWithLivePromotion(container, { code: normalized })
  return new Map<string, any>(coupons.map((coupon) => [coupon.code, coupon]))
}
