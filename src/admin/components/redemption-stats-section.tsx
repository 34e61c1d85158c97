import { ArrowDownTray } from "@medusajs/icons"
import { Button, Container, Heading, Select, Table, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { downloadFile } from "../hooks/download"
import { CurrencyAmount, lastDays, useRedemptionStats } from "../hooks/redemption-stats"
import { formatCount, formatMoney } from "../lib/format"
import { RedemptionChart } from "./redemption-chart"
import { ErrorState, LoadingRows } from "./states"

const RANGES = [
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "365", label: "Last 365 days" },
]

const money = (amounts: CurrencyAmount[]) =>
  amounts.length ? amounts.map((a) => formatMoney(a.amount, a.currency_code)).join(" + ") : formatMoney(0, null)

const rangeLabel = (from: string, to: string) => {
  const day = (d: string) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" })
  return `${day(from)} – ${day(to)} (UTC)`
}

const Figure = ({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) => (
  <div className="flex flex-col gap-y-1 px-6 py-4">
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="large" weight="plus" data-testid={testId}>
      {value}
    </Text>
    {note && (
      <Text size="xsmall" className="text-ui-fg-muted">
        {note}
      </Text>
    )}
  </div>
)

/**
 * Redemption stats of a promotion (GET /admin/coupon-promotions/:id/stats): orders, buyers and discount over a range of
 * days, a chart per day, the top codes, and every use as CSV. A use is an order that kept its coupon.
 */
export const RedemptionStatsSection = ({ promotionId }: { promotionId: string }) => {
  const [days, setDays] = useState("30")
  const range = useMemo(() => lastDays(Number(days)), [days])
  const { data: stats, isLoading, isError, error, refetch } = useRedemptionStats(promotionId, range)

  return (
    <Container className="divide-y p-0" data-testid="redemption-stats">
      <div className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
        <div>
          <Heading level="h2">Redemptions</Heading>
          <Text size="small" className="text-ui-fg-subtle" data-testid="stats-range" data-from={stats?.from}>
            {stats ? rangeLabel(stats.from, stats.to) : rangeLabel(range.from, range.to)}
          </Text>
        </div>
        <div className="flex items-center gap-2">
          <div className="w-[160px]">
            <Select size="small" value={days} onValueChange={setDays}>
              <Select.Trigger aria-label="Range" data-testid="stats-range-select">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {RANGES.map((r) => (
                  <Select.Item key={r.value} value={r.value}>
                    {r.label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          <Button
            size="small"
            variant="secondary"
            onClick={() => downloadFile(`/admin/coupon-promotions/${promotionId}/redemptions.csv`, "redemptions.csv")}
          >
            <ArrowDownTray /> Download redemptions (CSV)
          </Button>
        </div>
      </div>
      {isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : isLoading || !stats ? (
        <LoadingRows rows={5} />
      ) : (
        <>
          <div className="grid grid-cols-2 divide-x md:grid-cols-4">
            <Figure label="Orders" value={formatCount(stats.orders)} testId="stats-orders" />
            <Figure label="Customers" value={formatCount(stats.customers)} testId="stats-customers" />
            <Figure label="Discount given" value={money(stats.discount)} testId="stats-discount" />
            <Figure
              label="Canceled"
              value={formatCount(stats.canceled)}
              note={`${formatCount(stats.reserved_now)} in checkout now`}
              testId="stats-canceled"
            />
          </div>
          <div className="px-6 py-4">
            <RedemptionChart stats={stats} />
          </div>
          <div className="px-6 py-4">
            <Text size="small" weight="plus" className="mb-2">
              Top codes
            </Text>
            {stats.top_codes.length ? (
              <Table data-testid="stats-top-codes">
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>Code</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">Orders</Table.HeaderCell>
                    <Table.HeaderCell className="text-right">Discount</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {stats.top_codes.map((c) => (
                    <Table.Row key={c.coupon_id}>
                      <Table.Cell className="font-mono">{c.code}</Table.Cell>
                      <Table.Cell className="text-right">{formatCount(c.orders)}</Table.Cell>
                      <Table.Cell className="text-right">{money(c.discount)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            ) : (
              <Text size="small" className="text-ui-fg-subtle">
                No orders used a code of this promotion in this range.
              </Text>
            )}
            {stats.released > stats.canceled && (
              <Text size="xsmall" className="text-ui-fg-muted mt-2">
                {formatCount(stats.released - stats.canceled)} checkouts gave their code back without an order.
              </Text>
            )}
          </div>
        </>
      )}
    </Container>
  )
}
