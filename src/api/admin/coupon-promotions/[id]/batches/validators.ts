import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

const text = z.string().trim().max(64).nullish()

export const AdminCreateCouponBatch = z
  .object({
    generate: z
      .object({
        count: z.number().int().min(1),
        length: z.number().int().nullish(),
        alphabet: z.string().max(64).nullish(),
        prefix: text,
        suffix: text,
        pattern: text,
      })
      .strict(),
  })
  .strict()
export type AdminCreateCouponBatchType = z.infer<typeof AdminCreateCouponBatch>

export const AdminGetCouponBatchesParams = createFindParams({ limit: 20, offset: 0 })
export type AdminGetCouponBatchesParamsType = z.infer<typeof AdminGetCouponBatchesParams>

export const AdminGetCouponBatchParams = z.object({ fields: z.string().optional() })
