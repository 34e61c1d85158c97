// "Discount": fixed amount or percentage, its value, the minimum purchase, and the currency a money amount is in
// (the store's default unless another is chosen; the budget and the cap of "Limits and stacking" are in it too).
import { FormSection } from "../field"
import { usePromotionForm } from "./context"
import { needsCurrency, useStoreCurrencies } from "./currency"
import { ChoiceField, InputField, SelectField } from "./field"

export const DiscountSection = () => {
  const { state: s, set, lockedRules } = usePromotionForm()
  const currencies = useStoreCurrencies()
  const defaultCurrency = currencies.data?.find((c) => c.is_default)?.currency_code

  return (
    <FormSection title="Discount" description="Applied to product prices excluding tax and delivery.">
      <ChoiceField
        name="discount_type"
        label="Discount type"
        disabled={lockedRules}
        choices={[
          { value: "fixed", label: "Fixed discount", description: "A monetary amount." },
          { value: "percentage", label: "% discount", description: "A percentage, e.g. 10." },
        ]}
      />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <InputField
          name="discount_value"
          label={s.discount_type === "percentage" ? "Discount (%)" : "Discount amount"}
          type="number"
          min={0}
          step="any"
          disabled={lockedRules}
        />
        <InputField
          name="min_purchase"
          label="Min. purchase for discount"
          hint="Excluding tax and delivery; for specific products, the sum of those products."
          type="number"
          min={0}
          step="any"
        />
        {needsCurrency(s) && (
          <SelectField
            name="currency_code"
            label="Currency"
            hint={defaultCurrency ? `Default: the store's currency (${defaultCurrency.toUpperCase()})` : undefined}
            placeholder="Store currency"
            value={s.currency_code || defaultCurrency || ""}
            onValueChange={(v) => set("currency_code", v)}
            disabled={lockedRules}
            options={(currencies.data ?? []).map((c) => ({
              value: c.currency_code,
              label: c.currency_code.toUpperCase(),
            }))}
          />
        )}
      </div>
    </FormSection>
  )
}
