import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** The coupon redemptions recorded for an order (released ones included, so a canceled use stays visible). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: redemptions } = await query.graph({
    entity: "coupon_redemption",
    fields: [
      "id",
      "state",
      "amount",
      "currency_code",
      "customer_id",
      "cart_id",
      "order_id",
      "promotion_id",
      "reserved_at",
      "confirmed_at",
      "released_at",
      "release_reason",
      "coupon.id",
      "coupon.code",
    ],
    filters: { order_id: req.params.id },
  })
  // A coupon's promotion is a plain id (see the coupon model): the promotions come in one more query.
  const ids = Array.from(new Set(redemptions.map((r: any) => r.promotion_id as string)))
  const { data: promotions } = ids.length
    ? await query.graph({ entity: "coupon_promotion", fields: ["id", "custom_id", "name"], filters: { id: ids } })
    : { data: [] as any[] }
  const byId = new Map(promotions.map((p: any) => [p.id, p]))
  res.json({
    redemptions: redemptions.map((r: any) => ({
      ...r,
      coupon: r.coupon ? { ...r.coupon, promotion: byId.get(r.promotion_id) ?? null } : r.coupon,
    })),
  })
}
