import { z } from "@medusajs/framework/zod"
import { boundedFindParams, boundedInt } from "../../../../utils/validators"

const text = z.string().trim().max(64).nullish()

export const AdminCreateCouponBatch = z
  .object({
    generate: z
      .object({
        // The batch's requested_count is an `integer` column; the engine refuses lengths codes cannot have.
        count: boundedInt(1),
        length: boundedInt(0).nullish(),
        alphabet: z.string().max(64).nullish(),
        prefix: text,
        suffix: text,
        pattern: text,
      })
      .strict(),
  })
  .strict()
export type AdminCreateCouponBatchType = z.infer<typeof AdminCreateCouponBatch>

export const AdminGetCouponBatchesParams = boundedFindParams({ limit: 20, offset: 0 })
export type AdminGetCouponBatchesParamsType = z.infer<typeof AdminGetCouponBatchesParams>

export const AdminGetCouponBatchParams = z.object({ fields: z.string().optional() })
