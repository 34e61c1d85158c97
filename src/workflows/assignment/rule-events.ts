import type { MedusaContainer } from "@medusajs/framework/types"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { DEFAULT_RULE_EVENTS } from "./events"

/** The events assignment rules can fire on: customer.created, order.placed and the plugin option's extra ones. */
export function assignmentRuleEventNames(container: Pick<MedusaContainer, "resolve">): string[] {
  const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
  const extra = couponModule.getOptions().assignmentRuleEvents ?? []
  return [...new Set([...DEFAULT_RULE_EVENTS, ...extra.map((name) => name.trim()).filter(Boolean)])]
}
