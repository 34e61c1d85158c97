// The create/edit form of a coupon promotion, one field group per section; the modal around it sends
// `formToBody(state)` and shows the API's messages under the fields named in PROMOTION_FORM_FIELDS.
import { type PromotionFormBag, PromotionFormProvider, type PromotionFormProps } from "./context"
import { CouponTypeSection } from "./coupon-type"
import { DiscountSection } from "./discount"
import { ExclusionsSection } from "./exclusions"
import { GeneralSection } from "./general"
import { GivingSection } from "./giving"
import { LimitsSection } from "./limits"
import { TargetsSection } from "./targets"
import { TimeSpanSection } from "./time-span"
import { UsageSection } from "./usage"

export { formToBody } from "./body"
export { DEFAULT_INACTIVE_MESSAGE, initialFormState, PROMOTION_FORM_FIELDS, type PromotionFormState } from "./state"

export const PromotionForm = ({ state, onChange, errors, lockedRules }: PromotionFormProps) => {
  const set: PromotionFormBag["set"] = (name, value) => onChange({ [name]: value })
  return (
    <PromotionFormProvider value={{ state, onChange, errors, lockedRules, set }}>
      <div className="flex flex-col gap-y-10">
        <GeneralSection />
        <CouponTypeSection />
        <TargetsSection />
        <ExclusionsSection />
        <DiscountSection />
        <UsageSection />
        <LimitsSection />
        <TimeSpanSection />
        <GivingSection />
      </div>
    </PromotionFormProvider>
  )
}
