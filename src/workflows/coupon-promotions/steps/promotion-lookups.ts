import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import type { PromotionRules } from "../../../engine/promotion-rules"
import { PROMOTION_SETUP_FIELDS } from "../../../modules/coupon/promotion-fields"

export { PROMOTION_SETUP_FIELDS }


export type PromotionSetup = PromotionRules & {
  custom_id: string
  name: string
  description: string | null
  sales_channel_id: string | null
  valid_days_after_assignment: number | null
  allow_multiple_per_customer: boolean
  notify_on_assign: boolean
  low_stock_threshold: number | null
  metadata: Record<string, unknown> | null
}

export type StoredPromotion = PromotionSetup & { id: string; archived_at: Date | null }

export function couponService(container: MedusaContainer): CouponModuleService {
  return container.resolve<CouponModuleService>(COUPON_MODULE)
}

export function notFound(id: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `Coupon promotion with id ${id} was not found`)
}

export { ARCHIVED_PROMOTION_READ_ONLY as ARCHIVED_READ_ONLY } from "../../../modules/coupon/service"

/** The promotion's setup as plain values (money columns come back as numbers). 404 when missing or deleted. */
export async function loadPromotion(container: MedusaContainer, id: string): Promise<StoredPromotion> {
  const [promotion] = await couponService(container).listCouponPromotions(
    { id },
    { select: ["id", "archived_at", ...PROMOTION_SETUP_FIELDS], take: 1 }
  )
  if (!promotion) {
    throw notFound(id)
  }
  return {
    ...(promotion as unknown as StoredPromotion),
    discount_value: Number(promotion.discount_value),
    min_purchase: Number(promotion.min_purchase),
    budget: promotion.budget == null ? null : Number(promotion.budget),
    max_discount: promotion.max_discount == null ? null : Number(promotion.max_discount),
    currency_amounts: ((promotion as any).currency_amounts ?? {}) as StoredPromotion["currency_amounts"],
  }
}

/**
 * The currencies a promotion may hold amounts in (lower case): the store's supported currencies and every region's
 * currency (a region's currency need not be listed in supported_currencies, and its carts are priced in it), and the
 * store's default one. Medusa apps have one store; a sales channel carries no currency of its own.
 */
export async function loadStoreCurrencies(
  container: MedusaContainer
): Promise<{ defaultCurrency: string | null; supportedCurrencies: string[] | null }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: stores } = await query.graph({
    entity: "store",
    fields: ["id", "supported_currencies.currency_code", "supported_currencies.is_default"],
    pagination: { take: 1 },
  })
  const currencies = (stores[0]?.supported_currencies ?? []) as { currency_code: string; is_default: boolean }[]
  // The store's own first, then the regions' in alphabetical order (messages list them in this order).
  const { data: regions } = await query.graph({ entity: "region", fields: ["currency_code"] })
  const all = [
    ...new Set([
      ...currencies.map((c) => c.currency_code.toLowerCase()),
      ...(regions as { currency_code: string }[]).map((r) => r.currency_code.toLowerCase()).sort(),
    ]),
  ]
  if (!all.length) {
    return { defaultCurrency: null, supportedCurrencies: null }
  }
  return {
    defaultCurrency: currencies.find((c) => c.is_default)?.currency_code.toLowerCase() ?? null,
    supportedCurrencies: all,
  }
}

/** 400 naming `field` when some of `ids` are not rows of `entity`. */
export async function assertRecordsExist(
  container: MedusaContainer,
  entity: "sales_channel" | "product" | "product_collection" | "product_category" | "customer_group",
  field: string,
  ids: string[]
): Promise<void> {
  const unique = [...new Set(ids)]
  if (!unique.length) {
    return
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields: ["id"], filters: { id: unique } })
  const found = new Set(data.map((r: { id: string }) => r.id))
  const missing = unique.filter((id) => !found.has(id))
  if (missing.length) {
    const what = entity.replace("product_", "").replace("_", " ")
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Field '${field}': ${what} ${missing.length === 1 ? "id" : "ids"} not found: ${missing.join(", ")}`
    )
  }
}
