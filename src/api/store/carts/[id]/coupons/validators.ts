import { z } from "@medusajs/framework/zod"

export const StoreApplyCartCoupon = z.strictObject({
  code: z.string().trim().min(1).max(200),
})

export type StoreApplyCartCouponType = z.infer<typeof StoreApplyCartCoupon>
