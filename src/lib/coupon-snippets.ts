import { container as appContainer } from "@medusajs/framework"
import type { MedusaContainer } from "@medusajs/framework/types"
import { COUPON_MODULE } from "../modules/coupon"
import type CouponModuleService from "../modules/coupon/service"
import { findCouponSnippetTags, replaceCouponSnippetTags } from "../engine/snippets"

type Resolver = Pick<MedusaContainer, "resolve">

/**
 * For each promotion custom ID, the code the customer can use now: an assigned or partly used code that has not
 * expired, the most recently given first. Used, void and expired codes are never rendered.
 */
export async function findCustomerCodesByCustomId(
  customerId: string,
  customIds: string[],
  container: Resolver = appContainer
): Promise<Record<string, string>> {
  if (!customIds.length || !customerId) {
    return {}
  }
  const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
  const promotions = await couponModule.listCouponPromotions({ custom_id: customIds }, { select: ["id", "custom_id"] })
  if (!promotions.length) {
    return {}
  }
  const customIdByPromotion = new Map(promotions.map((p) => [p.id, p.custom_id]))
  const coupons = await couponModule.listCoupons(
    { customer_id: customerId, promotion_id: [...customIdByPromotion.keys()], state: ["assigned", "used_partially"] },
    { select: ["id", "code", "promotion_id", "expires_at", "assigned_at"], order: { assigned_at: "DESC" } }
  )
  const now = Date.now()
  const codes: Record<string, string> = {}
  for (const coupon of coupons) {
    const customId = customIdByPromotion.get(coupon.promotion_id as string)!
    const usable = !coupon.expires_at || new Date(coupon.expires_at).getTime() > now
    if (usable && !(customId in codes)) {
      codes[customId] = coupon.code
    }
  }
  return codes
}

/**
 * Replaces User.com-style `{{coupon "PROMOTION_CUSTOM_ID"}}` tags in an email, pop-up or HTML block with the code
 * of that promotion given to the customer; a tag the customer has no usable code for becomes "" (never an error).
 * `container` defaults to the running app's container, so apps can call it from anywhere in a booted app.
 */
export async function renderCouponSnippets(
  text: string,
  customerId: string | null | undefined,
  container: Resolver = appContainer
): Promise<string> {
  const customIds = findCouponSnippetTags(text)
  if (!customIds.length) {
    return text
  }
  const codes = customerId ? await findCustomerCodesByCustomId(customerId, customIds, container) : {}
  return replaceCouponSnippetTags(text, codes)
}
