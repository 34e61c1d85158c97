// The promotion page's "Limits and stacking" card: per-customer scope, the caps with what is used of them (the money
// caps per currency), stacking and exclusions (by name), as set in the form.
import { Container, Heading, Text } from "@medusajs/ui"
import { budgetInfo, maxDiscountInfo, maxOrdersInfo, PER_CUSTOMER_SCOPE_LABEL, yesNo } from "../lib/format"
import type { CouponPromotion } from "../lib/types"
import { SectionRow } from "./section-row"
import { type TargetKind, useTargetNames } from "./target-picker"

const EXCLUSIONS = [
  ["products", "excluded_product_ids", "Products"],
  ["collections", "excluded_collection_ids", "Collections"],
  ["categories", "excluded_category_ids", "Categories"],
] as const satisfies readonly (readonly [TargetKind, keyof CouponPromotion, string])[]

/** "Products: Leather Belt, Knit Scarf" (the ids until the names have loaded, or when one no longer exists). */
const ExcludedLine = ({ kind, ids, label }: { kind: TargetKind; ids: string[]; label: string }) => {
  const names = useTargetNames(kind, ids)
  const byId = new Map((names.data ?? []).map((r) => [r.id, r.label]))
  return (
    <Text size="small" leading="compact" className="break-words" data-testid={`excluded-${kind}`}>
      {label}: {ids.map((id) => byId.get(id) ?? (names.isLoading ? "…" : id)).join(", ")}
    </Text>
  )
}

const Exclusions = ({ promotion: p }: { promotion: CouponPromotion }) => {
  const lines = EXCLUSIONS.filter(([, key]) => p[key]?.length)
  if (!lines.length) {
    return (
      <Text size="small" leading="compact">
        None
      </Text>
    )
  }
  return (
    <div className="flex flex-col gap-y-1">
      {lines.map(([kind, key, label]) => (
        <ExcludedLine key={kind} kind={kind} ids={p[key]} label={label} />
      ))}
    </div>
  )
}

export const PromotionLimitsSection = ({ promotion: p }: { promotion: CouponPromotion }) => (
  <Container className="divide-y p-0" data-testid="promotion-limits">
    <div className="px-6 py-4">
      <Heading level="h2">Limits and stacking</Heading>
    </div>
    {p.usage_per_customer !== "unlimited" && (
      <SectionRow title="Orders counted per" value={PER_CUSTOMER_SCOPE_LABEL[p.per_customer_scope]} />
    )}
    <SectionRow title="Max orders" value={maxOrdersInfo(p)} />
    <SectionRow title="Budget" value={budgetInfo(p)} />
    {p.discount_type === "percentage" && <SectionRow title="Max discount" value={maxDiscountInfo(p)} />}
    <SectionRow title="Combinable with Medusa promotions" value={yesNo(p.combinable_with_native)} />
    <SectionRow title="Combinable with other coupons" value={yesNo(p.combinable_with_coupons)} />
    <SectionRow title="Excluded" value={<Exclusions promotion={p} />} />
    <SectionRow title="Excludes discounted lines" value={yesNo(p.exclude_discounted_lines)} />
  </Container>
)
