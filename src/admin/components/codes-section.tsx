import { ArrowDownTray } from "@medusajs/icons"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  DataTableFilteringState,
  DataTablePaginationState,
  Heading,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { usePromotionCoupons } from "../hooks/coupons"
import { downloadFile } from "../hooks/download"
import { COUPON_STATE_LABEL, formatCount, formatDate } from "../lib/format"
import type { Coupon, CouponState } from "../lib/types"
import { CouponStateBadge } from "./badges"
import { CouponDrawer } from "./coupon-drawer"
import { ErrorState } from "./states"

const PAGE_SIZE = 20
const column = createDataTableColumnHelper<Coupon>()
const filter = createDataTableFilterHelper<Coupon>()

const columns = [
  column.accessor("code", {
    header: "Code",
    cell: ({ getValue }) => <span className="font-mono txt-compact-small">{getValue()}</span>,
  }),
  column.accessor("state", { header: "State", cell: ({ getValue }) => <CouponStateBadge state={getValue()} /> }),
  column.accessor("customer_id", { header: "Customer", cell: ({ getValue }) => getValue() ?? "—" }),
  column.accessor("assigned_at", { header: "Given", cell: ({ getValue }) => formatDate(getValue()) }),
  column.accessor("expires_at", { header: "Expires", cell: ({ getValue }) => formatDate(getValue()) }),
  column.accessor("uses_count", { header: "Uses", cell: ({ getValue }) => formatCount(getValue()) }),
]

const filters = [
  filter.accessor("state", {
    type: "multiselect",
    label: "State",
    options: (Object.keys(COUPON_STATE_LABEL) as CouponState[]).map((s) => ({ label: COUPON_STATE_LABEL[s], value: s })),
  }),
]

/** A promotion's codes, one server page at a time (the table never holds more than a page, at any code count). */
export const CodesSection = ({ promotionId }: { promotionId: string }) => {
  const [search, setSearch] = useState("")
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [openCoupon, setOpenCoupon] = useState<string | null>(null)
  const state = (filtering.state as CouponState[] | undefined) ?? []
  const query = useMemo(
    () => ({
      q: search.trim() || undefined,
      state,
      limit: pagination.pageSize,
      offset: pagination.pageIndex * pagination.pageSize,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search, state.join(","), pagination]
  )
  const { data, isLoading, isError, error, refetch } = usePromotionCoupons(promotionId, query)

  const table = useDataTable({
    data: data?.coupons ?? [],
    columns,
    filters,
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    search: { state: search, onSearchChange: setSearch },
    filtering: { state: filtering, onFilteringChange: setFiltering },
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_e, row) => setOpenCoupon(row.id),
  })

  const csvQuery = new URLSearchParams()
  state.forEach((s) => csvQuery.append("state", s))
  if (query.q) {
    csvQuery.set("q", query.q)
  }

  return (
    <Container className="divide-y p-0" data-testid="codes-section">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 md:flex-row md:items-center">
          <Heading level="h2">Coupon codes</Heading>
          <div className="flex w-full items-center gap-2 md:w-auto">
            <DataTable.FilterMenu tooltip="Filter by state" />
            <DataTable.Search placeholder="Search code" />
            <Button
              size="small"
              variant="secondary"
              onClick={() =>
                downloadFile(
                  `/admin/coupon-promotions/${promotionId}/coupons.csv${csvQuery.size ? `?${csvQuery}` : ""}`,
                  "codes.csv"
                )
              }
            >
              <ArrowDownTray /> codes.csv
            </Button>
          </div>
        </DataTable.Toolbar>
        {isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : (
          <DataTable.Table
            emptyState={{
              empty: { heading: "No codes yet", description: "Generate or import codes under Batches." },
              filtered: { heading: "No codes match", description: "Codes are searched from their beginning." },
            }}
          />
        )}
        <DataTable.Pagination />
      </DataTable>
      <CouponDrawer promotionId={promotionId} couponId={openCoupon} onClose={() => setOpenCoupon(null)} />
    </Container>
  )
}
