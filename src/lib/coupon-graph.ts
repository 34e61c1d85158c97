import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

const PROMOTION_PREFIX = "promotion."

type GraphInput = {
  /** Coupon fields, and `promotion.<field>` for fields of its promotion. */
  fields: string[]
  filters?: Record<string, unknown>
  pagination?: Record<string, unknown>
}

/**
 * query.graph over coupons that also expands `promotion.*`. `coupon.promotion_id` is a plain column (no relation:
 * see the coupon model), so the promotions are a second query by id, and each coupon gets `promotion` with the
 * fields asked for (null when its promotion is soft-deleted). Only the fields asked for are returned.
 */
export async function graphCouponsWithPromotion(scope: Pick<MedusaContainer, "resolve">, input: GraphInput) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const promotionFields = input.fields.filter((f) => f.startsWith(PROMOTION_PREFIX)).map((f) => f.slice(PROMOTION_PREFIX.length))
  const couponFields = input.fields.filter((f) => !f.startsWith(PROMOTION_PREFIX))
  const addPromotionId = promotionFields.length > 0 && !couponFields.includes("promotion_id") && !couponFields.includes("*")
  const { data, metadata } = await query.graph({
    entity: "coupon",
    fields: addPromotionId ? [...couponFields, "promotion_id"] : couponFields,
    filters: input.filters,
    pagination: input.pagination,
  } as any)
  if (!promotionFields.length) {
    return { data: data as any[], metadata }
  }
  const ids = Array.from(new Set(data.map((coupon: any) => coupon.promotion_id as string)))
  const addId = !promotionFields.includes("id")
  const { data: promotions } = ids.length
    ? await query.graph({
        entity: "coupon_promotion",
        fields: addId ? [...promotionFields, "id"] : promotionFields,
        filters: { id: ids },
      } as any)
    : { data: [] as any[] }
  const byId = new Map(
    promotions.map((promotion: any) => {
      const { id, ...rest } = promotion
      return [id as string, addId ? rest : promotion]
    })
  )
  const coupons = data.map((coupon: any) => {
    const { promotion_id, ...rest } = coupon
    return { ...(addPromotionId ? rest : coupon), promotion: byId.get(promotion_id) ?? null }
  })
  return { data: coupons, metadata }
}
