import { container } from "@medusajs/framework"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { fireCouponAssignmentRules } from "../workflows/assignment/fire-assignment-rules"
import { assignmentRuleEventNames } from "../workflows/assignment/rule-events"
import { DEFAULT_RULE_EVENTS } from "../workflows/assignment/events"

/** Assignment rules: "when event E happens, give a coupon of promotion P to the customer in the event". */
export default async function couponAssignmentRulesHandler({ event, container }: SubscriberArgs<unknown>) {
  await fireCouponAssignmentRules(container, event.name, event.data)
}

/**
 * Which events: customer.created, order.placed and the plugin option `assignmentRuleEvents`. Subscribers get no
 * plugin options in Medusa 2.21 and their events are read once at boot, so the list is computed lazily: the
 * subscriber loader reads `config.event` after every module (ours included) is loaded, and the coupon module
 * service holds the options. Every instance computes the same list from the same config, so it also holds with
 * the Redis event bus. A wildcard ("*") subscriber was rejected: with Redis it would queue a job for every event
 * of the store.
 */
export const config: SubscriberConfig = {
  get event() {
    try {
      return assignmentRuleEventNames(container)
    } catch {
      // Outside a booted app (e.g. tooling importing the file) the module is not registered yet.
      return DEFAULT_RULE_EVENTS
    }
  },
  context: { subscriberId: "coupon-assignment-rules" },
}
