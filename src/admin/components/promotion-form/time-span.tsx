// "Time span": when the coupon is valid: always, for a while from today, or between two dates.
import { FormSection } from "../field"
import { usePromotionForm } from "./context"
import { ChoiceField, DateField, InputField, type Options, SelectField } from "./field"
import type { PromotionFormState } from "./state"

const UNITS: Options<PromotionFormState["time_span_unit"]> = [
  { value: "days", label: "Days" },
  { value: "weeks", label: "Weeks" },
  { value: "months", label: "Months" },
]

export const TimeSpanSection = () => {
  const { state: s } = usePromotionForm()
  return (
    <FormSection title="Time span" description="When the coupon is valid.">
      <ChoiceField
        name="time_span_type"
        label="Time span"
        columns={3}
        choices={[
          { value: "unlimited", label: "Unlimited", description: "No start or expiry date." },
          { value: "relative", label: "Will expire in … from today", description: "Starts today." },
          { value: "range", label: "Starting date – expiration date", description: "Both dates required." },
        ]}
      />
      {s.time_span_type === "relative" && (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <InputField name="time_span_amount" label="Expires in" type="number" min={1} />
          <SelectField name="time_span_unit" label="Unit" options={UNITS} />
        </div>
      )}
      {s.time_span_type === "range" && (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <DateField name="starts_at" label="Starting date" />
          <DateField name="ends_at" label="Expiration date" />
        </div>
      )}
    </FormSection>
  )
}
