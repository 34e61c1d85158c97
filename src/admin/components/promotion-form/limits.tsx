// "Limits and stacking": whose orders the usage per customer counts, the cap on orders across all codes, and which
// other discounts a code works with (README "Limits and stacking"). The money caps (budget, max discount per order)
// are per currency, in the Discount section's "Amounts per currency".
import { FormSection } from "../field"
import { usePromotionForm } from "./context"
import { InputField, type Options, SelectField, SwitchField } from "./field"
import { defaultPerCustomerScope, type PromotionFormState } from "./state"

const SCOPES: Options<Exclude<PromotionFormState["per_customer_scope"], "">> = [
  { value: "promotion", label: "Customer across all codes" },
  { value: "code", label: "Each code" },
]

export const LimitsSection = () => {
  const { state: s, set } = usePromotionForm()
  return (
    <FormSection
      title="Limits and stacking"
      description="Caps across all codes of this promotion (the budget and the cap per order are per currency, under Discount), and the other discounts a code can be used with."
    >
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {s.usage_per_customer !== "unlimited" && (
          <SelectField
            name="per_customer_scope"
            label="Count orders per"
            hint="Whose orders the usage per customer counts: a customer's orders with any code of this promotion, or each code on its own."
            value={s.per_customer_scope || defaultPerCustomerScope(s.coupon_type)}
            onValueChange={(v) => set("per_customer_scope", v as PromotionFormState["per_customer_scope"])}
            options={SCOPES}
          />
        )}
        <InputField
          name="max_orders"
          label="Max orders"
          hint="Orders with any code of this promotion. Blank: unlimited."
          optional
          type="number"
          min={1}
        />
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <SwitchField
          name="combinable_with_native"
          label="Combinable with Medusa promotions"
          hint="Medusa's own promotion codes and automatic promotions on the same cart."
        />
        <SwitchField
          name="combinable_with_coupons"
          label="Combinable with other coupons"
          hint="Codes of other coupon promotions on the same cart."
        />
      </div>
      <SwitchField
        name="exclude_discounted_lines"
        label="Exclude lines already discounted by a Medusa promotion"
        hint="Such lines get nothing from this coupon and do not count toward the minimum purchase."
      />
    </FormSection>
  )
}
