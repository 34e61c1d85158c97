import { z } from "@medusajs/framework/zod"

export const AdminAssignCoupon = z
  .object({
    customer_id: z.string().min(1),
  })
  .strict()
export type AdminAssignCouponType = z.infer<typeof AdminAssignCoupon>

export const AdminAssignCouponsToGroup = z
  .object({
    customer_group_id: z.string().min(1),
  })
  .strict()
export type AdminAssignCouponsToGroupType = z.infer<typeof AdminAssignCouponsToGroup>
