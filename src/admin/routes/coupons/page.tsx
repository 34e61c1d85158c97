import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ReceiptPercent } from "@medusajs/icons"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  DataTableFilteringState,
  DataTablePaginationState,
  Heading,
  Tabs,
  Text,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useNavigate, useSearchParams } from "react-router-dom"
import { PromotionStatusBadge } from "../../components/badges"
import { PromotionFormModal } from "../../components/promotion-form-modal"
import { PromotionUsesCell, PromotionUsesContext } from "../../components/promotion-uses-cell"
import { ErrorState } from "../../components/states"
import { COMPUTED_STATUSES, useCouponPromotions } from "../../hooks/coupon-promotions"
import { usePromotionsRedemptionTotals } from "../../hooks/redemption-stats"
import { discountValueInfo, formatCount, minPurchaseInfo, PROMOTION_STATUS_LABEL, timeSpan } from "../../lib/format"
import type { CouponPromotion, PromotionStatus } from "../../lib/types"

const PAGE_SIZE = 20
const column = createDataTableColumnHelper<CouponPromotion>()
const filter = createDataTableFilterHelper<CouponPromotion>()

const columns = [
  column.accessor("name", {
    header: "Name",
    cell: ({ row }) => (
      <div className="flex flex-col py-2">
        <Text size="small" weight="plus" leading="compact">
          {row.original.name}
        </Text>
        {/* A long description is cut (whole on hover), so the columns after it stay on screen. */}
        <Text
          size="xsmall"
          className="text-ui-fg-subtle max-w-[280px] truncate"
          leading="compact"
          title={row.original.description ?? undefined}
        >
          {row.original.custom_id}
          {row.original.description ? ` · ${row.original.description}` : ""}
        </Text>
      </div>
    ),
  }),
  column.display({
    id: "store",
    header: "Store",
    cell: ({ row }) => row.original.sales_channel?.name ?? "All stores",
  }),
  column.display({
    id: "discount",
    header: "Discount info",
    // Every currency's amount, the minimum purchases under it (like the name column's ID), so the column stays narrow.
    cell: ({ row }) => {
      const min = minPurchaseInfo(row.original)
      return (
        <div className="flex flex-col py-2" data-testid="discount-info">
          <Text size="small" leading="compact">
            {discountValueInfo(row.original)}
          </Text>
          {min && (
            <Text size="xsmall" className="text-ui-fg-subtle" leading="compact">
              {min}
            </Text>
          )}
        </div>
      )
    },
  }),
  column.display({ id: "time_span", header: "Time span", cell: ({ row }) => timeSpan(row.original) }),
  column.accessor("codes_total", { header: "Total", cell: ({ getValue }) => formatCount(getValue()) }),
  column.accessor("codes_assigned", { header: "Assigned", cell: ({ getValue }) => formatCount(getValue()) }),
  column.display({
    id: "used",
    header: "Used (fully / partially)",
    cell: ({ row }) =>
      `${formatCount(row.original.codes_used_fully)} / ${formatCount(row.original.codes_used_partially)}`,
  }),
  column.display({
    id: "uses",
    header: "Uses",
    cell: ({ row }) => <PromotionUsesCell promotionId={row.original.id} />,
  }),
  column.accessor("computed_status", {
    header: "Status",
    cell: ({ getValue }) => <PromotionStatusBadge status={getValue()} />,
  }),
]

// Archived promotions are read-only and never come back (uStore moves them out of the main list): the main list shows
// every other status, and the Archived tab (?view=archived) only those.
const LIVE_STATUSES = COMPUTED_STATUSES.filter((s) => s !== "archived")
type View = "active" | "archived"

const filters = [
  filter.accessor("computed_status", {
    type: "multiselect",
    label: "Status",
    options: LIVE_STATUSES.map((s) => ({ label: PROMOTION_STATUS_LABEL[s], value: s })),
  }),
]

const EMPTY: Record<View, { empty: { heading: string; description: string }; filtered: { heading: string; description: string } }> = {
  active: {
    empty: { heading: "No coupon promotions yet", description: "Create one to generate or import codes." },
    filtered: { heading: "No coupon promotions match", description: "Try another search or status." },
  },
  archived: {
    empty: { heading: "No archived promotions", description: "Promotions you archive are kept here, read-only." },
    filtered: { heading: "No archived promotions match", description: "Try another search." },
  },
}

const CouponsPage = () => {
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const view: View = params.get("view") === "archived" ? "archived" : "active"
  const [search, setSearch] = useState("")
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [creating, setCreating] = useState(false)

  const chosen = (filtering.computed_status as PromotionStatus[] | undefined) ?? []
  const status = view === "archived" ? ["archived" as const] : chosen.length ? chosen : LIVE_STATUSES
  const switchView = (next: string) => {
    setParams(next === "archived" ? { view: "archived" } : {}, { replace: true })
    setFiltering({})
    setPagination((p) => ({ ...p, pageIndex: 0 }))
  }
  const query = useMemo(
    () => ({
      q: search || undefined,
      status,
      limit: pagination.pageSize,
      offset: pagination.pageIndex * pagination.pageSize,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search, status.join(","), pagination]
  )
  const { data, isLoading, isError, error, refetch } = useCouponPromotions(query)
  const { data: uses } = usePromotionsRedemptionTotals((data?.coupon_promotions ?? []).map((p) => p.id))

  const table = useDataTable({
    data: data?.coupon_promotions ?? [],
    columns,
    filters: view === "archived" ? [] : filters,
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    search: { state: search, onSearchChange: setSearch },
    filtering: { state: filtering, onFilteringChange: setFiltering },
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_e, row) => navigate(`/coupons/${row.id}`),
  })

  return (
    <PromotionUsesContext.Provider value={uses}>
      <Container className="divide-y p-0">
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 md:flex-row md:items-center">
            <div>
              <Heading>Coupons</Heading>
              <Text size="small" className="text-ui-fg-subtle">
                Coupon batches: the rules, and the unique codes customers enter at checkout.
              </Text>
            </div>
            <div className="flex w-full items-center gap-2 md:w-auto">
              {view === "active" && <DataTable.FilterMenu tooltip="Filter by status" />}
              <DataTable.Search placeholder="Search name or ID" />
              <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
                Create
              </Button>
            </div>
          </DataTable.Toolbar>
          <div className="px-6 py-2">
            <Tabs value={view} onValueChange={switchView}>
              <Tabs.List aria-label="Promotions shown">
                <Tabs.Trigger value="active">Active</Tabs.Trigger>
                <Tabs.Trigger value="archived">Archived</Tabs.Trigger>
              </Tabs.List>
            </Tabs>
          </div>
          {isError ? (
            <ErrorState error={error} onRetry={() => refetch()} />
          ) : (
            <DataTable.Table emptyState={EMPTY[view]} />
          )}
          <DataTable.Pagination />
        </DataTable>
        <PromotionFormModal open={creating} onOpenChange={setCreating} />
      </Container>
    </PromotionUsesContext.Provider>
  )
}

export const config = defineRouteConfig({
  label: "Coupons",
  icon: ReceiptPercent,
  nested: "/promotions",
})

export const handle = { breadcrumb: () => "Coupons" }

export default CouponsPage
