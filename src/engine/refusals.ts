/**
 * Refusals as storefronts receive them: a stable machine code, details to act on (how much is missing, when it
 * starts) and a shopper-facing message in the shopper's language. The engine decides (eligibility.ts); this file
 * only names and words the decision. English ships here; a store overrides any message per locale (plugin option
 * `messages`), e.g. `{ "de": { "coupon_min_purchase": "Noch {missing_amount} bis zu diesem Gutschein" } }`.
 */
import { CouponEligibility, COUPON_MESSAGES, RefusalDetails, RefusalReason } from "./eligibility"
import { REDEMPTION_MESSAGES, RedemptionRefusalReason } from "./redemption"
import { formatMoney } from "./money"

/** Machine code of each refusal, stable across releases (README "Refusal codes"). */
export const COUPON_REFUSAL_CODES = {
  invalid_code: "coupon_invalid",
  inactive: "coupon_inactive",
  not_yet_valid: "coupon_not_yet_valid",
  expired: "coupon_expired",
  already_used: "coupon_already_used",
  usage_limit_reached: "coupon_usage_limit_reached",
  wrong_sales_channel: "coupon_wrong_store",
  wrong_currency: "coupon_wrong_currency",
  no_eligible_items: "coupon_no_eligible_items",
  min_purchase_not_met: "coupon_min_purchase",
  not_combinable: "coupon_not_combinable",
  too_many_coupons: "coupon_too_many",
  customer_group: "coupon_customer_group",
  not_first_order: "coupon_not_first_order",
  balance_changed: "coupon_balance_changed",
  discount_out_of_date: "coupon_discount_out_of_date",
} as const satisfies Record<RefusalReason | RedemptionRefusalReason, string>

export type CouponRefusalCode = (typeof COUPON_REFUSAL_CODES)[keyof typeof COUPON_REFUSAL_CODES]

/**
 * The English texts by machine code. `{name}` placeholders take the refusal's details, amounts already formatted
 * ("20.00 EUR"). coupon_inactive without a template of the store's own is the admin's inactive message, verbatim.
 */
export const DEFAULT_REFUSAL_MESSAGES: Record<CouponRefusalCode, string> = {
  coupon_invalid: COUPON_MESSAGES.invalid_code,
  coupon_inactive: COUPON_MESSAGES.inactive_default,
  coupon_not_yet_valid: COUPON_MESSAGES.not_yet_valid,
  coupon_expired: COUPON_MESSAGES.expired,
  coupon_already_used: COUPON_MESSAGES.already_used,
  coupon_usage_limit_reached: COUPON_MESSAGES.usage_limit_reached,
  coupon_wrong_store: COUPON_MESSAGES.wrong_sales_channel,
  coupon_wrong_currency: COUPON_MESSAGES.wrong_currency,
  coupon_no_eligible_items: COUPON_MESSAGES.no_eligible_items,
  coupon_min_purchase: "Add {missing_amount} more to use this coupon",
  coupon_not_combinable: "This code cannot be combined with {conflicting_code}",
  coupon_too_many: "An order can use at most {max_coupons} coupons",
  coupon_customer_group: COUPON_MESSAGES.customer_group,
  coupon_not_first_order: COUPON_MESSAGES.not_first_order,
  coupon_balance_changed: REDEMPTION_MESSAGES.balance_changed,
  coupon_discount_out_of_date: REDEMPTION_MESSAGES.discount_out_of_date,
}

/** Store overrides: locale (`de`, `de-DE`; case-insensitive) → machine code → template. */
export type RefusalMessageOverrides = Record<string, Partial<Record<CouponRefusalCode, string>>>

export type CouponRefusal = {
  code: CouponRefusalCode
  message: string
  details?: RefusalDetails
}

export function refusalCode(reason: RefusalReason | RedemptionRefusalReason): CouponRefusalCode {
  return COUPON_REFUSAL_CODES[reason]
}

/**
 * The store's template for `code` in `locale` ("de-DE" tries "de-DE", then "de"), or null. Locale keys are
 * compared case-insensitively, with `_` read as `-`.
 */
export function storeTemplate(
  overrides: RefusalMessageOverrides | null | undefined,
  locale: string | null | undefined,
  code: CouponRefusalCode
): string | null {
  if (!overrides || !locale) {
    return null
  }
  const wanted = normalizeLocaleTag(locale)
  const language = wanted.split("-")[0]
  const byLocale = new Map(Object.entries(overrides).map(([key, value]) => [normalizeLocaleTag(key), value]))
  return byLocale.get(wanted)?.[code] ?? byLocale.get(language)?.[code] ?? null
}

export function normalizeLocaleTag(locale: string): string {
  return locale.trim().replace(/_/g, "-").toLowerCase()
}

function fill(template: string, values: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name]
    return value === undefined ? whole : String(value)
  })
}

/**
 * Words a refusal for the shopper. `message` is what the engine said in English (for coupon_inactive the
 * promotion's own inactive message, kept verbatim unless the store translated the default one).
 */
export function describeRefusal(
  refusal: { reason: RefusalReason | RedemptionRefusalReason; message: string; details?: RefusalDetails },
  options: { locale?: string | null; overrides?: RefusalMessageOverrides | null } = {}
): CouponRefusal {
  const code = refusalCode(refusal.reason)
  const details = refusal.details
  const custom = storeTemplate(options.overrides, options.locale, code)
  let message = refusal.message
  if (code === "coupon_inactive") {
    // The admin typed this text for shoppers; only the built-in default is the store's to translate.
    message = refusal.message === COUPON_MESSAGES.inactive_default && custom ? custom : refusal.message
  } else if (custom) {
    message = fill(custom, templateValues(details))
  }
  return details ? { code, message, details } : { code, message }
}

function templateValues(details: RefusalDetails | undefined): Record<string, string | number | undefined> {
  if (!details) {
    return {}
  }
  const currency = details.currency_code
  const { accepted_currency_codes, ...flat } = details
  return {
    ...flat,
    accepted_currency_codes: accepted_currency_codes?.join(", "),
    missing_amount:
      details.missing_amount !== undefined && currency ? formatMoney(details.missing_amount, currency) : undefined,
    min_purchase: details.min_purchase !== undefined && currency ? formatMoney(details.min_purchase, currency) : undefined,
    eligible_subtotal:
      details.eligible_subtotal !== undefined && currency ? formatMoney(details.eligible_subtotal, currency) : undefined,
  }
}

/** A refusal decided by the engine, as the HTTP layer answers it. */
export function refusalOf(eligibility: Extract<CouponEligibility, { ok: false }>) {
  return { reason: eligibility.reason, message: eligibility.message, details: eligibility.details }
}
