import { ArchiveBox, PencilSquare, SquareTwoStack, Trash } from "@medusajs/icons"
import { Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useNavigate } from "react-router-dom"
import {
  useArchiveCouponPromotion,
  useDeleteCouponPromotion,
  useDuplicateCouponPromotion,
} from "../hooks/coupon-promotions"
import { errorMessage } from "../lib/errors"
import {
  budgetUsed,
  COUPON_TYPE_LABEL,
  currenciesInfo,
  currencyRows,
  discountGiven,
  discountLines,
  formatCount,
  formatDate,
  minPurchaseLines,
  timeSpan,
  usagePerCode,
  usagePerCustomer,
  yesNo,
} from "../lib/format"
import type { CouponPromotion } from "../lib/types"
import { ActionMenu } from "./action-menu"
import { PromotionStatusBadge } from "./badges"
import { PromotionFormModal } from "./promotion-form-modal"
import { ProgressBar } from "./progress-bar"
import { SectionRow } from "./section-row"
import { useTargetNames } from "./target-picker"

export const PromotionGeneralSection = ({ promotion: p }: { promotion: CouponPromotion }) => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [editing, setEditing] = useState(false)
  const duplicate = useDuplicateCouponPromotion(p.id)
  const archive = useArchiveCouponPromotion(p.id)
  const remove = useDeleteCouponPromotion(p.id)
  const archived = !!p.archived_at
  const everUsed = p.codes_used_fully + p.codes_used_partially > 0

  const onDuplicate = () =>
    duplicate.mutate(undefined, {
      onSuccess: (copy) => {
        toast.success(`Duplicated as ${copy.name}`)
        navigate(`/coupons/${copy.id}`)
      },
      onError: (e) => toast.error("Could not duplicate", { description: errorMessage(e) }),
    })

  const onArchive = async () => {
    const confirmed = await prompt({
      title: `Archive ${p.name}?`,
      description:
        "This cannot be undone: an archived coupon batch cannot be restored and none of its codes can be used any more. You can still duplicate it to start a copy.",
      confirmText: "Archive",
      cancelText: "Cancel",
    })
    if (!confirmed) {
      return
    }
    archive.mutate(undefined, {
      onSuccess: () => toast.success(`${p.name} archived`),
      onError: (e) => toast.error("Could not archive", { description: errorMessage(e) }),
    })
  }

  const onDelete = async () => {
    const confirmed = await prompt({
      title: `Delete ${p.name}?`,
      description: "The promotion, its batches and all its codes are deleted. This cannot be undone.",
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!confirmed) {
      return
    }
    remove.mutate(undefined, {
      onSuccess: () => {
        toast.success(`${p.name} deleted`)
        navigate("/coupons")
      },
      onError: (e) => toast.error("Could not delete", { description: errorMessage(e) }),
    })
  }

  return (
    <Container className="divide-y p-0">
      <div className="flex items-start justify-between gap-x-4 px-6 py-4">
        <div>
          <Heading>{p.name}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {p.custom_id}
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <PromotionStatusBadge status={p.computed_status} />
          <ActionMenu
            groups={[
              archived ? [] : [{ label: "Edit", icon: <PencilSquare />, onClick: () => setEditing(true) }],
              [{ label: "Duplicate", icon: <SquareTwoStack />, onClick: onDuplicate, disabled: duplicate.isPending }],
              archived
                ? []
                : [
                    { label: "Archive", icon: <ArchiveBox />, onClick: onArchive, disabled: archive.isPending },
                    ...(everUsed
                      ? []
                      : [{ label: "Delete", icon: <Trash />, onClick: onDelete, destructive: true, disabled: remove.isPending }]),
                  ],
            ]}
          />
        </div>
      </div>
      <SectionRow title="Description" value={p.description ?? "—"} />
      <SectionRow title="Coupon type" value={COUPON_TYPE_LABEL[p.coupon_type]} />
      <SectionRow title="Used in store" value={p.sales_channel?.name ?? "All stores"} />
      {p.status === "inactive" && <SectionRow title="Inactive message" value={p.inactive_message} />}
      {archived && <SectionRow title="Archived" value={formatDate(p.archived_at)} />}
      {!archived && <PromotionFormModal open={editing} onOpenChange={setEditing} promotion={p} />}
    </Container>
  )
}

/** The groups whose members may use the codes, by name (ids until the names load, or for a deleted group). */
const CustomerGroups = ({ ids }: { ids: string[] }) => {
  const names = useTargetNames("customer_groups", ids)
  const byId = new Map((names.data ?? []).map((r) => [r.id, r.label]))
  return (
    <Text size="small" leading="compact" className="break-words" data-testid="customer-groups">
      {ids.length ? ids.map((id) => byId.get(id) ?? (names.isLoading ? "…" : id)).join(", ") : "Any customer"}
    </Text>
  )
}

export const PromotionRulesSection = ({ promotion: p }: { promotion: CouponPromotion }) => {
  const targets = p.target_product_ids.length + p.target_collection_ids.length + p.target_category_ids.length
  return (
    <Container className="divide-y p-0" data-testid="promotion-rules">
      <div className="px-6 py-4">
        <Heading level="h2">Rules</Heading>
      </div>
      <SectionRow title="Discount" value={discountLines(p)} />
      {/* A fixed discount's lines name each currency's minimum already. */}
      {p.discount_type === "percentage" && <SectionRow title="Min. purchase" value={minPurchaseLines(p)} />}
      <SectionRow title="Currencies" value={currenciesInfo(p)} />
      <SectionRow title="Customer groups" value={<CustomerGroups ids={p.customer_group_ids ?? []} />} />
      <SectionRow title="First order only" value={yesNo(!!p.first_order_only)} />
      <SectionRow
        title="Available for"
        value={
          p.applies_to === "all"
            ? "All products"
            : `Specific products (${[
                p.target_product_ids.length && `${p.target_product_ids.length} products`,
                p.target_collection_ids.length && `${p.target_collection_ids.length} collections`,
                p.target_category_ids.length && `${p.target_category_ids.length} categories`,
              ]
                .filter(Boolean)
                .join(", ") || targets})`
        }
      />
      <SectionRow title="Usage per customer" value={usagePerCustomer(p)} />
      {p.coupon_type === "promotion_code" && <SectionRow title="Usage per code" value={usagePerCode(p)} />}
      <SectionRow title="Time span" value={timeSpan(p)} />
      {p.valid_days_after_assignment && (
        <SectionRow title="Valid after given" value={`${p.valid_days_after_assignment} days`} />
      )}
      <SectionRow
        title="Codes per customer"
        value={p.allow_multiple_per_customer ? "Several allowed" : "One per customer"}
      />
    </Container>
  )
}

type Progress = { value: number; max: number; currency?: string }

/**
 * A counter of the promotion's use (orders_count, discount_used), with a bar when a cap or budget limits it: one per
 * currency with a budget, named by its currency when there are several.
 */
const UseRow = ({ label, value, progress }: { label: string; value: string; progress: Progress[] }) => (
  <div className="flex flex-col gap-y-1 px-6 py-3" data-testid="promotion-use">
    <div className="flex justify-between">
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small">{value}</Text>
    </div>
    {progress.map(({ value, max, currency }) =>
      progress.length > 1 && currency ? (
        <div key={currency} className="flex items-center gap-x-2">
          <Text size="xsmall" className="text-ui-fg-subtle w-8">
            {currency.toUpperCase()}
          </Text>
          <ProgressBar value={value} max={max} label={`${label} in ${currency.toUpperCase()} of the budget`} />
        </div>
      ) : (
        <ProgressBar key={currency ?? "one"} value={value} max={max} label={`${label} of the limit`} />
      )
    )}
  </div>
)

export const PromotionStatsSection = ({ promotion: p }: { promotion: CouponPromotion }) => {
  const rows: [string, number][] = [
    ["Unassigned", p.codes_unassigned],
    ["Assigned", p.codes_assigned],
    ["Used partially", p.codes_used_partially],
    ["Used fully", p.codes_used_fully],
  ]
  const low = p.low_stock_threshold !== null && p.codes_unassigned < p.low_stock_threshold
  return (
    <Container className="divide-y p-0">
      <div className="flex items-baseline justify-between px-6 py-4">
        <Heading level="h2">Codes</Heading>
        <Text size="small" weight="plus" data-testid="codes-total">
          {formatCount(p.codes_total)} total
        </Text>
      </div>
      {rows.map(([label, n]) => (
        <div key={label} className="flex flex-col gap-y-1 px-6 py-3">
          <div className="flex justify-between">
            <Text size="small" className="text-ui-fg-subtle">
              {label}
            </Text>
            <Text size="small">{formatCount(n)}</Text>
          </div>
          <ProgressBar value={n} max={p.codes_total} label={`${label} codes`} />
        </div>
      ))}
      {p.coupon_type === "promotion_code" && (
        <SectionRow title="Customers who used it" value={formatCount(p.customers_used)} />
      )}
      <UseRow
        label="Orders with a code"
        value={formatCount(p.orders_count)}
        progress={p.max_orders !== null ? [{ value: p.orders_count, max: p.max_orders }] : []}
      />
      <UseRow
        label="Discount given"
        value={discountGiven(p)}
        progress={currencyRows(p)
          .filter(([, r]) => r.budget !== null && r.budget !== undefined)
          .map(([code, r]) => ({ value: budgetUsed(p, code), max: Number(r.budget), currency: code }))}
      />
      {low && (
        <div className="px-6 py-3">
          <Text size="small" className="text-ui-fg-error">
            Only {formatCount(p.codes_unassigned)} unassigned codes left (warning below{" "}
            {formatCount(p.low_stock_threshold)}).
          </Text>
        </div>
      )}
    </Container>
  )
}
