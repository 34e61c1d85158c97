import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../modules/coupon"
import type CouponModuleService from "../modules/coupon/service"
import { CouponAssignmentEvents } from "../workflows/assignment/events"
import { couponNotificationData } from "../lib/coupon-notification"

type CouponAssignedData = { id: string; promotion_id: string; customer_id: string }

/**
 * User.com's "Coupon given" trigger: tells the customer their new code through Medusa's Notification module,
 * on the channel and template of the plugin options. Two switches, both must be on: the store-wide
 * `notificationChannel` (null turns every promotion's notification off) and the promotion's own `notify_on_assign`
 * (false: this promotion's codes are given silently; the event itself is emitted either way).
 */
export default async function couponAssignedHandler({ event, container }: SubscriberArgs<CouponAssignedData>) {
  const couponModule: CouponModuleService = container.resolve(COUPON_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { notificationChannel, notificationTemplate } = couponModule.getOptions()
  if (!notificationChannel) {
    return
  }
  const [promotion] = await couponModule.listCouponPromotions(
    { id: event.data.promotion_id },
    { select: ["id", "notify_on_assign"], withDeleted: true, take: 1 }
  )
  if (promotion && promotion.notify_on_assign === false) {
    return
  }
  const payload = await couponNotificationData(container, event.data.id)
  if (!payload) {
    logger.warn(`Coupon ${event.data.id}: no customer email, no "coupon given" notification sent`)
    return
  }
  await container.resolve(Modules.NOTIFICATION).createNotifications({
    to: payload.email,
    channel: notificationChannel,
    template: notificationTemplate,
    data: payload.data,
    trigger_type: CouponAssignmentEvents.ASSIGNED,
    resource_id: event.data.id,
    resource_type: "coupon",
    receiver_id: payload.data.customer.id,
    // A redelivered event (Redis event bus retries) must not mail the code twice for the same assignment.
    idempotency_key: `${CouponAssignmentEvents.ASSIGNED}:${event.data.id}:${payload.data.assigned_at}`,
  })
}

export const config: SubscriberConfig = {
  event: CouponAssignmentEvents.ASSIGNED,
  context: { subscriberId: "coupon-assigned-notification" },
}
