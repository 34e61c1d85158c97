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
      "coupon.promotion.id",
      "coupon.promotion.custom_id",
      "coupon.promotion.name",
    ],
    filters: { order_id: req.params.id },
  })
  res.json({ redemptions })
}
