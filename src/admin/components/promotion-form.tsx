import { useQuery } from "@tanstack/react-query"
import { DatePicker, Input, RadioGroup, Select, Switch, Text, Textarea } from "@medusajs/ui"
import { sdk } from "../lib/sdk"
import type { CouponPromotion } from "../lib/types"
import { Field, FormSection } from "./field"
import { TargetPicker } from "./target-picker"

export const DEFAULT_INACTIVE_MESSAGE = "The coupon is inactive until further notice"
const ANY_STORE = "__any__"

/** Everything the form edits, kept as the inputs hold it (numbers as text) until it is sent. */
export type PromotionFormState = {
  name: string
  custom_id: string
  description: string
  status: "active" | "inactive"
  inactive_message: string
  coupon_type: "personal" | "promotion_code"
  sales_channel_id: string
  applies_to: "all" | "specific"
  target_product_ids: string[]
  target_collection_ids: string[]
  target_category_ids: string[]
  discount_type: "fixed" | "percentage"
  discount_value: string
  currency_code: string
  min_purchase: string
  usage_per_customer: "one_order" | "unlimited" | "limited"
  usage_per_customer_limit: string
  usage_per_code: "unlimited" | "first_customers"
  usage_per_code_limit: string
  time_span_type: "unlimited" | "relative" | "range"
  time_span_amount: string
  time_span_unit: "days" | "weeks" | "months"
  starts_at: Date | null
  ends_at: Date | null
  valid_days_after_assignment: string
  allow_multiple_per_customer: boolean
  low_stock_threshold: string
}

export const PROMOTION_FORM_FIELDS = [
  "name",
  "custom_id",
  "description",
  "status",
  "inactive_message",
  "coupon_type",
  "sales_channel_id",
  "applies_to",
  "target_product_ids",
  "target_collection_ids",
  "target_category_ids",
  "discount_type",
  "discount_value",
  "currency_code",
  "min_purchase",
  "usage_per_customer",
  "usage_per_customer_limit",
  "usage_per_code",
  "usage_per_code_limit",
  "time_span_type",
  "time_span_amount",
  "time_span_unit",
  "starts_at",
  "ends_at",
  "valid_days_after_assignment",
  "allow_multiple_per_customer",
  "low_stock_threshold",
] as const

const text = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v))

export function initialFormState(p?: CouponPromotion): PromotionFormState {
  return {
    name: p?.name ?? "",
    custom_id: p?.custom_id ?? "",
    description: p?.description ?? "",
    status: p?.status ?? "active",
    inactive_message: p?.inactive_message ?? DEFAULT_INACTIVE_MESSAGE,
    coupon_type: p?.coupon_type ?? "personal",
    sales_channel_id: p?.sales_channel_id ?? "",
    applies_to: p?.applies_to ?? "all",
    target_product_ids: p?.target_product_ids ?? [],
    target_collection_ids: p?.target_collection_ids ?? [],
    target_category_ids: p?.target_category_ids ?? [],
    discount_type: p?.discount_type ?? "percentage",
    discount_value: text(p?.discount_value),
    currency_code: p?.currency_code ?? "",
    min_purchase: text(p?.min_purchase ?? 0),
    usage_per_customer: p?.usage_per_customer ?? "one_order",
    usage_per_customer_limit: text(p?.usage_per_customer_limit),
    usage_per_code: p?.usage_per_code ?? "unlimited",
    usage_per_code_limit: text(p?.usage_per_code_limit),
    time_span_type: p?.time_span_type ?? "unlimited",
    time_span_amount: text(p?.time_span_amount),
    time_span_unit: p?.time_span_unit ?? "days",
    starts_at: p?.starts_at ? new Date(p.starts_at) : null,
    ends_at: p?.ends_at ? new Date(p.ends_at) : null,
    valid_days_after_assignment: text(p?.valid_days_after_assignment),
    allow_multiple_per_customer: p?.allow_multiple_per_customer ?? false,
    low_stock_threshold: text(p?.low_stock_threshold),
  }
}

// An empty box is sent as-is ("") only where that is meaningful; numbers the API checks itself, so a typo
// reaches it and comes back as its message under the field.
const num = (v: string) => (v.trim() === "" ? undefined : Number(v))
const numOrNull = (v: string) => (v.trim() === "" ? null : Number(v))

/**
 * The request body. Fields that the chosen options do not use are left out (the API refuses a limit sent with
 * "unlimited", and clears stored ones itself). On edit only what changed is sent, so an unchanged relative time
 * span keeps its dates instead of restarting today.
 */
export function formToBody(s: PromotionFormState, original?: CouponPromotion) {
  const body: Record<string, unknown> = {
    name: s.name,
    custom_id: s.custom_id,
    description: s.description.trim() ? s.description : null,
    status: s.status,
    coupon_type: s.coupon_type,
    sales_channel_id: s.sales_channel_id || null,
    applies_to: s.applies_to,
    discount_type: s.discount_type,
    discount_value: num(s.discount_value),
    min_purchase: num(s.min_purchase) ?? 0,
    usage_per_customer: s.usage_per_customer,
    usage_per_code: s.coupon_type === "promotion_code" ? s.usage_per_code : "unlimited",
    time_span_type: s.time_span_type,
    valid_days_after_assignment: numOrNull(s.valid_days_after_assignment),
    allow_multiple_per_customer: s.allow_multiple_per_customer,
    low_stock_threshold: numOrNull(s.low_stock_threshold),
  }
  if (s.status === "inactive") {
    body.inactive_message = s.inactive_message
  }
  if (s.currency_code) {
    body.currency_code = s.currency_code
  }
  if (s.applies_to === "specific") {
    body.target_product_ids = s.target_product_ids
    body.target_collection_ids = s.target_collection_ids
    body.target_category_ids = s.target_category_ids
  }
  if (s.usage_per_customer === "limited") {
    body.usage_per_customer_limit = num(s.usage_per_customer_limit)
  }
  if (body.usage_per_code === "first_customers") {
    body.usage_per_code_limit = num(s.usage_per_code_limit)
  }
  if (s.time_span_type === "relative") {
    body.time_span_amount = num(s.time_span_amount)
    body.time_span_unit = s.time_span_unit
  }
  if (s.time_span_type === "range") {
    body.starts_at = s.starts_at?.toISOString()
    body.ends_at = s.ends_at?.toISOString()
  }
  for (const k of Object.keys(body)) {
    if (body[k] === undefined) {
      delete body[k]
    }
  }
  if (!original) {
    return body
  }
  const before = formToBody(initialFormState(original))
  const changed: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body)) {
    if (JSON.stringify(v) !== JSON.stringify(before[k])) {
      changed[k] = v
    }
  }
  // The span's parts travel together: a new amount alone would be refused without its unit, and vice versa.
  const spanKeys = ["time_span_type", "time_span_amount", "time_span_unit", "starts_at", "ends_at"]
  if (spanKeys.some((k) => k in changed)) {
    for (const k of spanKeys) {
      if (k in body) {
        changed[k] = body[k]
      }
    }
  }
  return changed
}

type Props = {
  state: PromotionFormState
  onChange: (patch: Partial<PromotionFormState>) => void
  errors: Record<string, string>
  /** Rules that can no longer change because a code was used (the API says so too). */
  lockedRules?: boolean
}

export const PromotionForm = ({ state: s, onChange, errors, lockedRules }: Props) => {
  const channels = useQuery({
    queryKey: ["coupon-form-sales-channels"],
    queryFn: () => sdk.admin.salesChannel.list({ limit: 100, fields: "id,name" }).then((r) => r.sales_channels),
  })
  const currencies = useQuery({
    queryKey: ["coupon-form-store-currencies"],
    queryFn: () =>
      sdk.admin.store
        .list({ fields: "id,supported_currencies.currency_code,supported_currencies.is_default" })
        .then((r) => (r.stores[0]?.supported_currencies ?? []) as { currency_code: string; is_default: boolean }[]),
  })
  const needsCurrency = s.discount_type === "fixed" || Number(s.min_purchase) > 0
  const defaultCurrency = currencies.data?.find((c) => c.is_default)?.currency_code

  return (
    <div className="flex flex-col gap-y-10">
      <FormSection title="General">
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <Field id="name" label="Coupon name" error={errors.name}>
            <Input id="name" value={s.name} onChange={(e) => onChange({ name: e.target.value })} />
          </Field>
          <Field
            id="custom_id"
            label="Custom ID"
            hint="Used in templates and links, e.g. SUMMER-10"
            error={errors.custom_id}
          >
            <Input id="custom_id" value={s.custom_id} onChange={(e) => onChange({ custom_id: e.target.value })} />
          </Field>
        </div>
        <Field id="description" label="Description" optional error={errors.description}>
          <Textarea
            id="description"
            value={s.description}
            onChange={(e) => onChange({ description: e.target.value })}
          />
        </Field>
        <Field
          id="status"
          label="Status"
          hint="An inactive coupon cannot be used in the store; it can be activated again."
          error={errors.status}
        >
          <div className="flex items-center gap-x-2">
            <Switch
              id="status"
              checked={s.status === "active"}
              onCheckedChange={(on) => onChange({ status: on ? "active" : "inactive" })}
            />
            <Text size="small">{s.status === "active" ? "Active" : "Inactive"}</Text>
          </div>
        </Field>
        {s.status === "inactive" && (
          <Field
            id="inactive_message"
            label="Inactive message"
            hint="Shown to shoppers who enter a code of this promotion."
            error={errors.inactive_message}
          >
            <Input
              id="inactive_message"
              value={s.inactive_message}
              onChange={(e) => onChange({ inactive_message: e.target.value })}
            />
          </Field>
        )}
      </FormSection>

      <FormSection title="Coupon type">
        <Field id="coupon_type" label="Coupon type" error={errors.coupon_type}>
          <RadioGroup
            id="coupon_type"
            className="grid grid-cols-1 gap-3 md:grid-cols-2"
            value={s.coupon_type}
            onValueChange={(v) => onChange({ coupon_type: v as PromotionFormState["coupon_type"] })}
            disabled={lockedRules}
          >
            <RadioGroup.ChoiceBox
              value="personal"
              label="Personal coupon"
              description="Used by one customer only. With a fixed discount it works like a gift card: the balance goes down with each purchase."
            />
            <RadioGroup.ChoiceBox
              value="promotion_code"
              label="Promotion code"
              description="Used by many customers, e.g. a code advertised on a website."
            />
          </RadioGroup>
        </Field>
        <Field id="sales_channel_id" label="Used in store" error={errors.sales_channel_id}>
          <Select
            value={s.sales_channel_id || ANY_STORE}
            onValueChange={(v) => onChange({ sales_channel_id: v === ANY_STORE ? "" : v })}
          >
            <Select.Trigger id="sales_channel_id">
              <Select.Value placeholder="All stores" />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={ANY_STORE}>All stores</Select.Item>
              {(channels.data ?? []).map((c) => (
                <Select.Item key={c.id} value={c.id}>
                  {c.name}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </Field>
      </FormSection>

      <FormSection title="Available for">
        <Field id="applies_to" label="Apply the discount to" error={errors.applies_to}>
          <RadioGroup
            id="applies_to"
            className="grid grid-cols-1 gap-3 md:grid-cols-2"
            value={s.applies_to}
            onValueChange={(v) => onChange({ applies_to: v as PromotionFormState["applies_to"] })}
          >
            <RadioGroup.ChoiceBox value="all" label="All products" description="Every product in the store." />
            <RadioGroup.ChoiceBox
              value="specific"
              label="Specific products"
              description="Chosen products, collections or categories (products added to them later count too)."
            />
          </RadioGroup>
        </Field>
        {s.applies_to === "specific" && (
          <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
            <TargetPicker
              kind="products"
              label="Products"
              value={s.target_product_ids}
              onChange={(ids) => onChange({ target_product_ids: ids })}
            />
            <TargetPicker
              kind="collections"
              label="Collections"
              value={s.target_collection_ids}
              onChange={(ids) => onChange({ target_collection_ids: ids })}
            />
            <TargetPicker
              kind="categories"
              label="Categories"
              value={s.target_category_ids}
              onChange={(ids) => onChange({ target_category_ids: ids })}
            />
          </div>
        )}
      </FormSection>

      <FormSection title="Discount" description="Applied to product prices excluding tax and delivery.">
        <Field id="discount_type" label="Discount type" error={errors.discount_type}>
          <RadioGroup
            id="discount_type"
            className="grid grid-cols-1 gap-3 md:grid-cols-2"
            value={s.discount_type}
            onValueChange={(v) => onChange({ discount_type: v as PromotionFormState["discount_type"] })}
            disabled={lockedRules}
          >
            <RadioGroup.ChoiceBox value="fixed" label="Fixed discount" description="A monetary amount." />
            <RadioGroup.ChoiceBox value="percentage" label="% discount" description="A percentage, e.g. 10." />
          </RadioGroup>
        </Field>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <Field
            id="discount_value"
            label={s.discount_type === "percentage" ? "Discount (%)" : "Discount amount"}
            error={errors.discount_value}
          >
            <Input
              id="discount_value"
              type="number"
              min={0}
              step="any"
              value={s.discount_value}
              disabled={lockedRules}
              onChange={(e) => onChange({ discount_value: e.target.value })}
            />
          </Field>
          <Field
            id="min_purchase"
            label="Min. purchase for discount"
            hint="Excluding tax and delivery; for specific products, the sum of those products."
            error={errors.min_purchase}
          >
            <Input
              id="min_purchase"
              type="number"
              min={0}
              step="any"
              value={s.min_purchase}
              onChange={(e) => onChange({ min_purchase: e.target.value })}
            />
          </Field>
          {needsCurrency && (
            <Field
              id="currency_code"
              label="Currency"
              hint={defaultCurrency ? `Default: the store's currency (${defaultCurrency.toUpperCase()})` : undefined}
              error={errors.currency_code}
            >
              <Select
                value={s.currency_code || defaultCurrency || ""}
                onValueChange={(v) => onChange({ currency_code: v })}
                disabled={lockedRules}
              >
                <Select.Trigger id="currency_code">
                  <Select.Value placeholder="Store currency" />
                </Select.Trigger>
                <Select.Content>
                  {(currencies.data ?? []).map((c) => (
                    <Select.Item key={c.currency_code} value={c.currency_code}>
                      {c.currency_code.toUpperCase()}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </Field>
          )}
        </div>
      </FormSection>

      <FormSection title="Usage">
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <Field id="usage_per_customer" label="Usage per customer" error={errors.usage_per_customer}>
            <Select
              value={s.usage_per_customer}
              onValueChange={(v) => onChange({ usage_per_customer: v as PromotionFormState["usage_per_customer"] })}
            >
              <Select.Trigger id="usage_per_customer">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="one_order">Limited to one order</Select.Item>
                <Select.Item value="unlimited">Unlimited till expires</Select.Item>
                <Select.Item value="limited">Limited to … orders</Select.Item>
              </Select.Content>
            </Select>
          </Field>
          {s.usage_per_customer === "limited" && (
            <Field id="usage_per_customer_limit" label="Orders per customer" error={errors.usage_per_customer_limit}>
              <Input
                id="usage_per_customer_limit"
                type="number"
                min={1}
                value={s.usage_per_customer_limit}
                onChange={(e) => onChange({ usage_per_customer_limit: e.target.value })}
              />
            </Field>
          )}
        </div>
        {s.coupon_type === "promotion_code" && (
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <Field id="usage_per_code" label="Usage per promotion code" error={errors.usage_per_code}>
              <Select
                value={s.usage_per_code}
                onValueChange={(v) => onChange({ usage_per_code: v as PromotionFormState["usage_per_code"] })}
              >
                <Select.Trigger id="usage_per_code">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="unlimited">Unlimited</Select.Item>
                  <Select.Item value="first_customers">Limited to first … customers</Select.Item>
                </Select.Content>
              </Select>
            </Field>
            {s.usage_per_code === "first_customers" && (
              <Field id="usage_per_code_limit" label="First customers" error={errors.usage_per_code_limit}>
                <Input
                  id="usage_per_code_limit"
                  type="number"
                  min={1}
                  value={s.usage_per_code_limit}
                  onChange={(e) => onChange({ usage_per_code_limit: e.target.value })}
                />
              </Field>
            )}
          </div>
        )}
      </FormSection>

      <FormSection title="Time span" description="When the coupon is valid.">
        <Field id="time_span_type" label="Time span" error={errors.time_span_type}>
          <RadioGroup
            id="time_span_type"
            className="grid grid-cols-1 gap-3 md:grid-cols-3"
            value={s.time_span_type}
            onValueChange={(v) => onChange({ time_span_type: v as PromotionFormState["time_span_type"] })}
          >
            <RadioGroup.ChoiceBox value="unlimited" label="Unlimited" description="No start or expiry date." />
            <RadioGroup.ChoiceBox value="relative" label="Will expire in … from today" description="Starts today." />
            <RadioGroup.ChoiceBox value="range" label="Starting date – expiration date" description="Both dates required." />
          </RadioGroup>
        </Field>
        {s.time_span_type === "relative" && (
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <Field id="time_span_amount" label="Expires in" error={errors.time_span_amount}>
              <Input
                id="time_span_amount"
                type="number"
                min={1}
                value={s.time_span_amount}
                onChange={(e) => onChange({ time_span_amount: e.target.value })}
              />
            </Field>
            <Field id="time_span_unit" label="Unit" error={errors.time_span_unit}>
              <Select
                value={s.time_span_unit}
                onValueChange={(v) => onChange({ time_span_unit: v as PromotionFormState["time_span_unit"] })}
              >
                <Select.Trigger id="time_span_unit">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="days">Days</Select.Item>
                  <Select.Item value="weeks">Weeks</Select.Item>
                  <Select.Item value="months">Months</Select.Item>
                </Select.Content>
              </Select>
            </Field>
          </div>
        )}
        {s.time_span_type === "range" && (
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <Field id="starts_at" label="Starting date" error={errors.starts_at}>
              <DatePicker
                aria-label="Starting date"
                value={s.starts_at}
                onChange={(d) => onChange({ starts_at: d })}
              />
            </Field>
            <Field id="ends_at" label="Expiration date" error={errors.ends_at}>
              <DatePicker aria-label="Expiration date" value={s.ends_at} onChange={(d) => onChange({ ends_at: d })} />
            </Field>
          </div>
        )}
      </FormSection>

      <FormSection title="Giving coupons" description="How codes are handed to customers from the admin or by rules.">
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <Field
            id="valid_days_after_assignment"
            label="Valid for days after it is given"
            optional
            error={errors.valid_days_after_assignment}
          >
            <Input
              id="valid_days_after_assignment"
              type="number"
              min={1}
              value={s.valid_days_after_assignment}
              onChange={(e) => onChange({ valid_days_after_assignment: e.target.value })}
            />
          </Field>
          <Field
            id="low_stock_threshold"
            label="Warn when unassigned codes fall below"
            optional
            error={errors.low_stock_threshold}
          >
            <Input
              id="low_stock_threshold"
              type="number"
              min={0}
              value={s.low_stock_threshold}
              onChange={(e) => onChange({ low_stock_threshold: e.target.value })}
            />
          </Field>
        </div>
        <Field
          id="allow_multiple_per_customer"
          label="A customer may hold several codes of this promotion"
          error={errors.allow_multiple_per_customer}
        >
          <Switch
            id="allow_multiple_per_customer"
            checked={s.allow_multiple_per_customer}
            onCheckedChange={(on) => onChange({ allow_multiple_per_customer: on })}
          />
        </Field>
      </FormSection>
    </div>
  )
}
