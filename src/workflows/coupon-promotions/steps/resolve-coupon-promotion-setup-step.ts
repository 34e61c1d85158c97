import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { isEngineError } from "../../../engine/errors"
import { changedLockedRules, PromotionRulesInput, resolvePromotionRules } from "../../../engine/promotion-rules"
import { now } from "../../../lib/clock"
import {
  ARCHIVED_READ_ONLY,
  assertRecordsExist,
  couponService,
  loadPromotion,
  loadStoreCurrencies,
  PromotionSetup,
  StoredPromotion,
} from "./promotion-lookups"

export type CouponPromotionSetupInput = Partial<Omit<PromotionSetup, "starts_at" | "ends_at" | "currency_amounts">> & {
  /** Replaces every currency row (null: as if absent). */
  currency_amounts?: Record<string, Record<string, unknown> | null> | null
  starts_at?: string | Date | null
  ends_at?: string | Date | null
}

export type ResolveCouponPromotionSetupInput = {
  /** Set for an update: the request is merged onto this promotion. */
  id?: string
  input: CouponPromotionSetupInput
}

export type ResolvedCouponPromotionSetup = {
  existing: StoredPromotion | null
  data: PromotionSetup
}

export const resolveCouponPromotionSetupStepId = "resolve-coupon-promotion-setup"

/**
 * Turns a create/update request into the complete setup to store, or refuses it with the field to fix:
 * shape was checked by zod; here the combinations (engine rules on the merged state), the store's currencies,
 * that referenced sales channel / products / collections / categories exist, custom ID uniqueness, the archived
 * read-only rule and the rules frozen by used codes. Writes nothing.
 */
export const resolveCouponPromotionSetupStep = createStep(
  resolveCouponPromotionSetupStepId,
  async ({ id, input }: ResolveCouponPromotionSetupInput, { container }) => {
    const existing = id ? await loadPromotion(container, id) : null
    if (existing?.archived_at) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, ARCHIVED_READ_ONLY)
    }

    const currencies = await loadStoreCurrencies(container)
    let rules
    try {
      rules = resolvePromotionRules(input as PromotionRulesInput, existing, { now: now(), ...currencies })
    } catch (e) {
      if (isEngineError(e)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      }
      throw e
    }

    const pick = <K extends keyof PromotionSetup>(key: K, fallback: PromotionSetup[K]): PromotionSetup[K] =>
      (input[key] !== undefined ? input[key] : existing ? existing[key] : fallback) as PromotionSetup[K]
    const data: PromotionSetup = {
      custom_id: pick("custom_id", "" as string),
      name: pick("name", "" as string),
      description: pick("description", null),
      sales_channel_id: pick("sales_channel_id", null),
      valid_days_after_assignment: pick("valid_days_after_assignment", null),
      allow_multiple_per_customer: pick("allow_multiple_per_customer", false),
      notify_on_assign: pick("notify_on_assign", true),
      low_stock_threshold: pick("low_stock_threshold", null),
      metadata: pick("metadata", null),
      ...rules,
    }

    if (!existing || input.sales_channel_id !== undefined) {
      await assertRecordsExist(container, "sales_channel", "sales_channel_id", data.sales_channel_id ? [data.sales_channel_id] : [])
    }
    const targets = [
      ["target_product_ids", "product"],
      ["target_collection_ids", "product_collection"],
      ["target_category_ids", "product_category"],
      ["excluded_product_ids", "product"],
      ["excluded_collection_ids", "product_collection"],
      ["excluded_category_ids", "product_category"],
      ["customer_group_ids", "customer_group"],
    ] as const
    for (const [field, entity] of targets) {
      if (input[field] !== undefined) {
        await assertRecordsExist(container, entity, field, data[field])
      }
    }

    if (!existing || data.custom_id !== existing.custom_id) {
      const [clash] = await couponService(container).listCouponPromotions(
        { custom_id: data.custom_id },
        { select: ["id"], take: 1 }
      )
      if (clash) {
        // 400, not 409: Medusa answers every CONFLICT with a fixed idempotency text, and this is a field to fix.
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Field 'custom_id': a coupon promotion with custom_id '${data.custom_id}' already exists`
        )
      }
    }

    if (existing) {
      const locked = changedLockedRules(existing, data)
      if (locked.length && (await couponService(container).hasCouponPromotionBeenUsed(existing.id))) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `${locked.map((f) => `'${f}'`).join(", ")} cannot change: codes of this promotion have already been used ` +
            `under the current terms. Duplicate the promotion to offer different terms.`
        )
      }
    }

    return new StepResponse<ResolvedCouponPromotionSetup>({ existing, data })
  }
)
