import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { CouponStateBadge } from "../components/badges"
import { GiveCouponDrawer } from "../components/give-coupon-drawer"
import { EmptyState, ErrorState, LoadingRows } from "../components/states"
import { useCustomerCoupons } from "../hooks/coupons"
import { discountInfo, formatDate } from "../lib/format"

const PAGE_SIZE = 10

const CustomerCouponsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [page, setPage] = useState(0)
  const [giving, setGiving] = useState(false)
  const { data, isLoading, isError, error, refetch } = useCustomerCoupons(customer.id, {
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })
  const count = data?.count ?? 0

  return (
    <Container className="divide-y p-0" data-testid="customer-coupons">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Coupons</Heading>
        <Button size="small" variant="secondary" onClick={() => setGiving(true)}>
          Give coupon
        </Button>
      </div>
      {isLoading ? (
        <LoadingRows />
      ) : isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : !data?.coupons.length ? (
        <EmptyState title="No coupons" description="Coupons given to this customer appear here." />
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Code</Table.HeaderCell>
                <Table.HeaderCell>Promotion</Table.HeaderCell>
                <Table.HeaderCell>State</Table.HeaderCell>
                <Table.HeaderCell>Given</Table.HeaderCell>
                <Table.HeaderCell>Expires</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.coupons.map((c) => (
                <Table.Row key={c.id}>
                  <Table.Cell className="font-mono">{c.code}</Table.Cell>
                  <Table.Cell>
                    <Link to={`/coupons/${c.promotion.id}`} className="text-ui-fg-interactive">
                      {c.promotion.name}
                    </Link>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {discountInfo({ ...c.promotion, min_purchase: 0 })}
                    </Text>
                  </Table.Cell>
                  <Table.Cell>
                    <CouponStateBadge state={c.state} />
                  </Table.Cell>
                  <Table.Cell>{formatDate(c.assigned_at)}</Table.Cell>
                  <Table.Cell>{formatDate(c.expires_at)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {count > PAGE_SIZE && (
            <Table.Pagination
              count={count}
              pageSize={PAGE_SIZE}
              pageIndex={page}
              pageCount={Math.ceil(count / PAGE_SIZE)}
              canPreviousPage={page > 0}
              canNextPage={(page + 1) * PAGE_SIZE < count}
              previousPage={() => setPage((p) => p - 1)}
              nextPage={() => setPage((p) => p + 1)}
            />
          )}
        </>
      )}
      <GiveCouponDrawer customerId={customer.id} open={giving} onOpenChange={setGiving} />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerCouponsWidget
