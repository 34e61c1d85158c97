import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { RedemptionStateBadge } from "../components/badges"
import { EmptyState, ErrorState, LoadingRows } from "../components/states"
import { useOrderCoupons } from "../hooks/coupons"
import { formatMoney } from "../lib/format"

const OrderCouponsWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, isError, error, refetch } = useOrderCoupons(order.id)

  return (
    <Container className="divide-y p-0" data-testid="order-coupons">
      <div className="px-6 py-4">
        <Heading level="h2">Coupons</Heading>
      </div>
      {isLoading ? (
        <LoadingRows rows={2} />
      ) : isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : !data?.length ? (
        <EmptyState title="No coupon used" description="No coupon code was used on this order." />
      ) : (
        data.map((r) => (
          <div key={r.id} className="flex flex-col gap-y-1 px-6 py-3">
            <div className="flex items-center justify-between">
              <Text size="small" weight="plus" className="font-mono">
                {r.coupon.code}
              </Text>
              <RedemptionStateBadge state={r.state} />
            </div>
            <div className="flex items-center justify-between">
              <Link to={`/coupons/${r.coupon.promotion.id}`} className="text-ui-fg-interactive txt-small">
                {r.coupon.promotion.name}
              </Link>
              <Text size="small">−{formatMoney(r.amount, r.currency_code)}</Text>
            </div>
          </div>
        ))
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default OrderCouponsWidget
