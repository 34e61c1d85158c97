// "Usage": who can use the codes (customer groups, first order only), how many orders one customer may use a
// coupon for, and for a promotion code how many customers may use it at all.
import { Hint } from "@medusajs/ui"
import { FormSection } from "../field"
import { TargetPicker } from "../target-picker"
import { usePromotionForm } from "./context"
import { InputField, type Options, SelectField, SwitchField } from "./field"
import type { PromotionFormState } from "./state"

const PER_CUSTOMER: Options<PromotionFormState["usage_per_customer"]> = [
  { value: "one_order", label: "Limited to one order" },
  { value: "unlimited", label: "Unlimited till expires" },
  { value: "limited", label: "Limited to … orders" },
]
const PER_CODE: Options<PromotionFormState["usage_per_code"]> = [
  { value: "unlimited", label: "Unlimited" },
  { value: "first_customers", label: "Limited to first … customers" },
]

export const UsageSection = () => {
  const { state: s, set, errors } = usePromotionForm()
  return (
    <FormSection title="Usage" description="Who can use the codes, and how often.">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <div className="flex flex-col gap-y-2">
          <TargetPicker
            id="customer_group_ids"
            kind="customer_groups"
            label="Customer groups"
            value={s.customer_group_ids}
            onChange={(ids) => set("customer_group_ids", ids)}
            error={errors.customer_group_ids}
          />
          {!errors.customer_group_ids && (
            <Hint>
              {s.customer_group_ids.length
                ? "Only logged-in customers in one of these groups can use the codes."
                : "None chosen: any customer, guests included."}
            </Hint>
          )}
        </div>
        <SwitchField
          name="first_order_only"
          label="First order only"
          hint="Refused to a customer (or a guest, by e-mail) who already placed an order that was not canceled."
        />
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <SelectField name="usage_per_customer" label="Usage per customer" options={PER_CUSTOMER} />
        {s.usage_per_customer === "limited" && (
          <InputField name="usage_per_customer_limit" label="Orders per customer" type="number" min={1} />
        )}
      </div>
      {s.coupon_type === "promotion_code" && (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <SelectField name="usage_per_code" label="Usage per promotion code" options={PER_CODE} />
          {s.usage_per_code === "first_customers" && (
            <InputField name="usage_per_code_limit" label="First customers" type="number" min={1} />
          )}
        </div>
      )}
    </FormSection>
  )
}
