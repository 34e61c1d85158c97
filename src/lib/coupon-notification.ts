import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../modules/coupon"
import type CouponModuleService from "../modules/coupon/service"
import { formatMoney, currencyPrecision } from "../engine/money"
import { remainingBalance } from "../engine/discount"
import { renderCouponSnippets } from "./coupon-snippets"

export type CouponNotificationData = {
  code: string
  promotion_custom_id: string
  promotion_name: string
  promotion_description: string | null
  /** "10%" or "20.00 EUR". */
  discount_text: string
  assigned_at: string | null
  expires_at: string | null
  /** Remaining balance of a personal fixed coupon ("15.00 EUR"), null for other coupons. */
  balance: string | null
  /** The promotion's `metadata.notification_message` (default `Your coupon code: {{coupon "ID"}}`), tags rendered. */
  message: string
  customer: { id: string; email: string; first_name: string | null; last_name: string | null }
}

const rawValue = (raw: unknown, value: unknown) => ((raw as { value?: string } | null)?.value ?? value ?? 0) as string

/** What the "coupon given" notification carries; null when the coupon has no customer with an email. */
export async function couponNotificationData(
  container: Pick<MedusaContainer, "resolve">,
  couponId: string
): Promise<{ email: string; data: CouponNotificationData } | null> {
  const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
  const coupon = await couponModule.retrieveCoupon(couponId, { relations: ["promotion"] })
  if (!coupon.customer_id) {
    return null
  }
  const [customer] = await container
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: coupon.customer_id }, { select: ["id", "email", "first_name", "last_name"] })
  if (!customer?.email) {
    return null
  }
  const promotion = coupon.promotion as any
  const currency = promotion.currency_code as string | null
  const discountValue = rawValue(promotion.raw_discount_value, promotion.discount_value)
  const discount_text =
    promotion.discount_type === "percentage" ? `${discountValue}%` : formatMoney(discountValue, currency ?? "")
  // The gift-card balance comes from the engine, the one place balance math lives.
  const left = currency
    ? remainingBalance(
        { ...promotion, discount_value: discountValue },
        { amount_used: rawValue((coupon as any).raw_amount_used, coupon.amount_used) },
        currencyPrecision(currency)
      )
    : null
  const balance = left === null ? null : formatMoney(left, currency!)
  const template =
    (promotion.metadata?.notification_message as string | undefined) ?? `Your coupon code: {{coupon "${promotion.custom_id}"}}`
  const iso = (date: unknown) => (date ? new Date(date as string).toISOString() : null)
  return {
    email: customer.email,
    data: {
      code: coupon.code,
      promotion_custom_id: promotion.custom_id,
      promotion_name: promotion.name,
      promotion_description: promotion.description ?? null,
      discount_text,
      assigned_at: iso(coupon.assigned_at),
      expires_at: iso(coupon.expires_at),
      balance,
      message: await renderCouponSnippets(template, customer.id, container),
      customer: { id: customer.id, email: customer.email, first_name: customer.first_name ?? null, last_name: customer.last_name ?? null },
    },
  }
}
