import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { remainingBalance } from "../../../../../../engine/discount"
import { currencyPrecision } from "../../../../../../engine/money"
import { assertPromotionExists } from "../../batches/helpers"

const COUPON_FIELDS = [
  "id",
  "code",
  "state",
  "promotion_id",
  "batch_id",
  "customer_id",
  "assigned_at",
  "expires_at",
  "amount_used",
  "uses_count",
  "customers_count",
  "customers_exhausted",
  "created_at",
  "updated_at",
  "promotion.id",
  "promotion.custom_id",
  "promotion.name",
  "promotion.coupon_type",
  "promotion.discount_type",
  "promotion.discount_value",
  "promotion.currency_code",
]

const LEDGER_FIELDS = [
  "id",
  "promotion_id",
  "state",
  "amount",
  "currency_code",
  "customer_id",
  "cart_id",
  "order_id",
  "counted_customer",
  "reserved_at",
  "confirmed_at",
  "released_at",
  "release_reason",
]

/**
 * One code of a promotion with its redemption ledger: every use reserved at checkout, confirmed by its order or
 * released (failed completion, timeout, canceled order), newest first. Personal fixed coupons also show the balance.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await assertPromotionExists(req.scope, req.params.id)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [coupon],
  } = await query.graph({
    entity: "coupon",
    fields: COUPON_FIELDS,
    filters: { id: req.params.coupon_id, promotion_id: req.params.id },
  })
  if (!coupon) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Coupon with id: ${req.params.coupon_id} was not found in coupon promotion ${req.params.id}`
    )
  }
  const { data: redemptions } = await query.graph({
    entity: "coupon_redemption",
    fields: LEDGER_FIELDS,
    filters: { coupon_id: coupon.id },
    pagination: { order: { reserved_at: "DESC", id: "DESC" } },
  })
  const promotion = (coupon as any).promotion
  const balance = promotion
    ? remainingBalance(promotion, coupon as any, currencyPrecision(promotion.currency_code))
    : null
  res.json({ coupon: { ...coupon, remaining_balance: balance, redemptions } })
}
