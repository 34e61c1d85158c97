// "General": the promotion's name, custom ID and description, and whether it can be used (with the message
// shoppers see while it cannot).
import { Switch, Text, Textarea } from "@medusajs/ui"
import { FormSection } from "../field"
import { usePromotionForm } from "./context"
import { FormField, InputField } from "./field"

export const GeneralSection = () => {
  const { state: s, set } = usePromotionForm()
  return (
    <FormSection title="General">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <InputField name="name" label="Coupon name" />
        <InputField name="custom_id" label="Custom ID" hint="Used in templates and links, e.g. SUMMER-10" />
      </div>
      <FormField name="description" label="Description" optional>
        <Textarea id="description" value={s.description} onChange={(e) => set("description", e.target.value)} />
      </FormField>
      <FormField
        name="status"
        label="Status"
        hint="An inactive coupon cannot be used in the store; it can be activated again."
      >
        <div className="flex items-center gap-x-2">
          <Switch
            id="status"
            checked={s.status === "active"}
            onCheckedChange={(on) => set("status", on ? "active" : "inactive")}
          />
          <Text size="small">{s.status === "active" ? "Active" : "Inactive"}</Text>
        </div>
      </FormField>
      {s.status === "inactive" && (
        <InputField
          name="inactive_message"
          label="Inactive message"
          hint="Shown to shoppers who enter a code of this promotion."
        />
      )}
    </FormSection>
  )
}
