// The currencies a promotion's amounts can be in (what the API allows: the store's supported currencies and every
// region's currency), the store's default first; and the form's amount rows.
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import type { CouponPromotion } from "../../lib/types"
import { currencyRows } from "../../lib/format"

export type AllowedCurrencies = { codes: string[]; defaultCode: string | undefined }

/** The store's default, its other supported currencies, then the regions' currencies alphabetically (lower case). */
export function useAllowedCurrencies() {
  return useQuery({
    queryKey: ["coupon-form-allowed-currencies"],
    queryFn: async (): Promise<AllowedCurrencies> => {
      const [store, regions] = await Promise.all([
        sdk.admin.store.list({ fields: "id,supported_currencies.currency_code,supported_currencies.is_default" }),
        sdk.admin.region.list({ fields: "id,currency_code", limit: 1000 }),
      ])
      const supported = (store.stores[0]?.supported_currencies ?? []) as { currency_code: string; is_default: boolean }[]
      const defaultCode = supported.find((c) => c.is_default)?.currency_code?.toLowerCase()
      const codes: string[] = []
      const add = (code: string | undefined) => {
        const c = code?.toLowerCase()
        if (c && !codes.includes(c)) {
          codes.push(c)
        }
      }
      add(defaultCode)
      supported.forEach((c) => add(c.currency_code))
      regions.regions
        .map((r) => r.currency_code)
        .sort()
        .forEach(add)
      return { codes, defaultCode }
    },
  })
}

/** One row of the form's "Amounts per currency", kept as the inputs hold it (blank: none). */
export type CurrencyRowState = {
  currency_code: string
  /** Fixed discounts only. */
  discount_value: string
  min_purchase: string
  /** Percentage discounts only. */
  max_discount: string
  budget: string
  /** Loaded from the stored promotion (its currency and amount off freeze once a code was used). */
  stored?: boolean
}

export const AMOUNT_COLUMNS = ["discount_value", "min_purchase", "max_discount", "budget"] as const
export type AmountColumn = (typeof AMOUNT_COLUMNS)[number]

export const emptyCurrencyRow = (currency_code: string): CurrencyRowState => ({
  currency_code,
  discount_value: "",
  min_purchase: "",
  max_discount: "",
  budget: "",
})

const text = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v))

/** The stored rows (main currency first), or the single-currency fields of a promotion made before them. */
export function rowsFromPromotion(p: CouponPromotion): CurrencyRowState[] {
  return currencyRows(p).map(([code, r]) => ({
    currency_code: code,
    discount_value: p.discount_type === "fixed" ? text(r.discount_value) : "",
    min_purchase: text(r.min_purchase),
    max_discount: p.discount_type === "percentage" ? text(r.max_discount) : "",
    budget: text(r.budget),
    stored: true,
  }))
}

/** The columns a discount type uses in a row (a cap for percentages, an amount off for fixed discounts). */
export const columnsFor = (discountType: "fixed" | "percentage"): AmountColumn[] =>
  discountType === "fixed" ? ["discount_value", "min_purchase", "budget"] : ["min_purchase", "max_discount", "budget"]

/** Whether a row holds any amount its discount type uses (a percentage's empty row is no row: the API drops it). */
export const rowHasAmounts = (row: CurrencyRowState, discountType: "fixed" | "percentage") =>
  columnsFor(discountType).some((c) => row[c].trim() !== "")
