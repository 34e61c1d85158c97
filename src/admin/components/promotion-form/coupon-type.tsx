// "Coupon type": personal coupon or promotion code, and the store (sales channel) it can be used in.
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"
import { FormSection } from "../field"
import { usePromotionForm } from "./context"
import { ChoiceField, SelectField } from "./field"

/** The "All stores" entry of the store list; the state holds "" for it. */
const ANY_STORE = "__any__"

export const CouponTypeSection = () => {
  const { state: s, set, lockedRules } = usePromotionForm()
  const channels = useQuery({
    queryKey: ["coupon-form-sales-channels"],
    queryFn: () => sdk.admin.salesChannel.list({ limit: 100, fields: "id,name" }).then((r) => r.sales_channels),
  })
  return (
    <FormSection title="Coupon type">
      <ChoiceField
        name="coupon_type"
        label="Coupon type"
        disabled={lockedRules}
        choices={[
          {
            value: "personal",
            label: "Personal coupon",
            description:
              "Used by one customer only. With a fixed discount it works like a gift card: the balance goes down with each purchase.",
          },
          {
            value: "promotion_code",
            label: "Promotion code",
            description: "Used by many customers, e.g. a code advertised on a website.",
          },
        ]}
      />
      <SelectField
        name="sales_channel_id"
        label="Used in store"
        placeholder="All stores"
        value={s.sales_channel_id || ANY_STORE}
        onValueChange={(v) => set("sales_channel_id", v === ANY_STORE ? "" : v)}
        options={[
          { value: ANY_STORE, label: "All stores" },
          ...(channels.data ?? []).map((c) => ({ value: c.id, label: c.name })),
        ]}
      />
    </FormSection>
  )
}
