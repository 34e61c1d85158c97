import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../modules/coupon"
import type CouponModuleService from "../../modules/coupon/service"
import { giveCouponWorkflow } from "./workflows/give-coupon"

export type AssignmentRuleOutcome = {
  rule_id: string
  customer_id: string | null
  coupon_id?: string
  created?: boolean
  /** Why nothing was given (no customer in the event, no codes left, …). */
  skipped?: string
}

function valueAtPath(data: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value == null ? undefined : (value as any)[key]), data)
}

/**
 * Runs every enabled assignment rule of `eventName` for one event's data: each rule gives a coupon of its
 * promotion to the customer the rule's path points at. Each give is its own giveCouponWorkflow (atomic,
 * idempotent), so one rule failing (no codes left, archived promotion, guest order) never blocks another;
 * failures are returned and logged, never thrown, because the event's own flow must not fail for a coupon.
 * Exported for apps that prefer to call it from their own subscriber.
 */
export async function fireCouponAssignmentRules(
  container: MedusaContainer,
  eventName: string,
  data: unknown
): Promise<AssignmentRuleOutcome[]> {
  const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const rules = await couponModule.listCouponAssignmentRules(
    { event_name: eventName, enabled: true },
    { order: { created_at: "ASC" } }
  )
  const outcomes: AssignmentRuleOutcome[] = []
  for (const rule of rules) {
    const outcome = await fireRule(container, rule, data)
    if (outcome.skipped) {
      logger.warn(`Coupon assignment rule ${rule.id} (${eventName}) gave nothing: ${outcome.skipped}`)
    }
    outcomes.push(outcome)
  }
  return outcomes
}

async function fireRule(
  container: MedusaContainer,
  rule: { id: string; promotion_id: string; customer_id_path: string; resolve_customer_from: string },
  data: unknown
): Promise<AssignmentRuleOutcome> {
  const found = valueAtPath(data, rule.customer_id_path)
  if (typeof found !== "string" || !found) {
    return { rule_id: rule.id, customer_id: null, skipped: `no id at path "${rule.customer_id_path}" in the event data` }
  }
  let customerId: string | null = found
  if (rule.resolve_customer_from === "order") {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: orders } = await query.graph({ entity: "order", fields: ["id", "customer_id"], filters: { id: found } })
    customerId = orders[0]?.customer_id ?? null
    if (!customerId) {
      return { rule_id: rule.id, customer_id: null, skipped: `order ${found} has no customer` }
    }
  }
  try {
    const { result } = await giveCouponWorkflow(container).run({
      input: { promotion: rule.promotion_id, customer_id: customerId },
    })
    return { rule_id: rule.id, customer_id: customerId, coupon_id: result.coupon.id, created: result.created }
  } catch (error) {
    return { rule_id: rule.id, customer_id: customerId, skipped: (error as Error).message }
  }
}
