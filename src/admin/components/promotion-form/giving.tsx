// "Giving coupons": how long a given code stays valid, when to warn that unassigned codes run low, whether one
// customer may hold several codes of the promotion, and whether giving a code sends the "Coupon given" notification.
import { Switch } from "@medusajs/ui"
import { FormSection } from "../field"
import { usePromotionForm } from "./context"
import { FormField, InputField } from "./field"

export const GivingSection = () => {
  const { state: s, set } = usePromotionForm()
  return (
    <FormSection title="Giving coupons" description="How codes are handed to customers from the admin or by rules.">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <InputField
          name="valid_days_after_assignment"
          label="Valid for days after it is given"
          optional
          type="number"
          min={1}
        />
        <InputField
          name="low_stock_threshold"
          label="Warn when unassigned codes fall below"
          optional
          type="number"
          min={0}
        />
      </div>
      <FormField name="allow_multiple_per_customer" label="A customer may hold several codes of this promotion">
        <Switch
          id="allow_multiple_per_customer"
          checked={s.allow_multiple_per_customer}
          onCheckedChange={(on) => set("allow_multiple_per_customer", on)}
        />
      </FormField>
      <FormField
        name="notify_on_assign"
        label={`Send the "Coupon given" notification`}
        hint="The customer is told their code when it is given. Needs the store's notification channel (plugin option notificationChannel); when that is off, nothing is sent whatever this says."
      >
        <Switch
          id="notify_on_assign"
          checked={s.notify_on_assign}
          onCheckedChange={(on) => set("notify_on_assign", on)}
        />
      </FormField>
    </FormSection>
  )
}
