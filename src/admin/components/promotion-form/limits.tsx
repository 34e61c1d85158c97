// "Limits and stacking": whose orders the usage per customer counts, caps across all codes (orders, total discount),
// the cap of a percentage discount, and which other discounts a code works with (README "Limits and stacking").
import { FormSection } from "../field"
import { usePromotionForm } from "./context"
import { useStoreCurrencies } from "./currency"
import { InputField, type Options, SelectField, SwitchField } from "./field"
import { defaultPerCustomerScope, type PromotionFormState } from "./state"

const SCOPES: Options<Exclude<PromotionFormState["per_customer_scope"], "">> = [
  { value: "promotion", label: "Customer across all codes" },
  { value: "code", label: "Each code" },
]

export const LimitsSection = () => {
  const { state: s, set } = usePromotionForm()
  const currencies = useStoreCurrencies()
  const currency = (s.currency_code || currencies.data?.find((c) => c.is_default)?.currency_code || "").toUpperCase()
  const inCurrency = currency ? ` In ${currency}.` : ""
  return (
    <FormSection
      title="Limits and stacking"
      description="Caps across all codes of this promotion, and the other discounts a code can be used with."
    >
      {s.usage_per_customer !== "unlimited" && (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <SelectField
            name="per_customer_scope"
            label="Count orders per"
            hint="Whose orders the usage per customer counts: a customer's orders with any code of this promotion, or each code on its own."
            value={s.per_customer_scope || defaultPerCustomerScope(s.coupon_type)}
            onValueChange={(v) => set("per_customer_scope", v as PromotionFormState["per_customer_scope"])}
            options={SCOPES}
          />
        </div>
      )}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <InputField
          name="max_orders"
          label="Max orders"
          hint="Orders with any code of this promotion. Blank: unlimited."
          optional
          type="number"
          min={1}
        />
        <InputField
          name="budget"
          label="Budget"
          hint={`The total discount all orders may get.${inCurrency} Blank: unlimited.`}
          optional
          type="number"
          min={0}
          step="any"
        />
        {s.discount_type === "percentage" && (
          <InputField
            name="max_discount"
            label="Max discount per order"
            hint={`The most the percentage takes off one order.${inCurrency} Blank: no cap.`}
            optional
            type="number"
            min={0}
            step="any"
          />
        )}
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
