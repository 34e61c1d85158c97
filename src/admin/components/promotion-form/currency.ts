// The store's currencies, and the one the promotion's money amounts (discount, minimum purchase, budget, cap) are
// in: the chosen one, else the store's default (what the API takes when none is sent).
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import type { PromotionFormState } from "./state"

export function useStoreCurrencies() {
  return useQuery({
    queryKey: ["coupon-form-store-currencies"],
    queryFn: () =>
      sdk.admin.store
        .list({ fields: "id,supported_currencies.currency_code,supported_currencies.is_default" })
        .then((r) => (r.stores[0]?.supported_currencies ?? []) as { currency_code: string; is_default: boolean }[]),
  })
}

/** Whether the form holds an amount of money, so the API will need a currency (the store's unless one is chosen). */
export const needsCurrency = (s: PromotionFormState) =>
  s.discount_type === "fixed" ||
  Number(s.min_purchase) > 0 ||
  s.budget.trim() !== "" ||
  (s.discount_type === "percentage" && s.max_discount.trim() !== "")
