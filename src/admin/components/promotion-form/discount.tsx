// "Discount": fixed amount or percentage, the percentage, and the money amounts per currency (amount off, minimum
// purchase, cap per order, budget: see currency-amounts.tsx).
import { FormSection } from "../field"
import { usePromotionForm } from "./context"
import { CurrencyAmountsField } from "./currency-amounts"
import { ChoiceField, InputField } from "./field"

export const DiscountSection = () => {
  const { state: s, lockedRules } = usePromotionForm()
  return (
    <FormSection title="Discount" description="Applied to product prices excluding tax and delivery.">
      <ChoiceField
        name="discount_type"
        label="Discount type"
        disabled={lockedRules}
        choices={[
          { value: "fixed", label: "Fixed discount", description: "An amount of money in each currency." },
          { value: "percentage", label: "% discount", description: "A percentage, e.g. 10." },
        ]}
      />
      {s.discount_type === "percentage" && (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <InputField
            name="discount_value"
            label="Discount (%)"
            type="number"
            min={0}
            step="any"
            disabled={lockedRules}
          />
        </div>
      )}
      <CurrencyAmountsField />
    </FormSection>
  )
}
