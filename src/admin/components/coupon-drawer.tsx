import { Link } from "react-router-dom"
import { Button, Drawer, Heading, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useCouponPromotion } from "../hooks/coupon-promotions"
import { useCouponDetail, useUnassignCoupon, useVoidCoupon } from "../hooks/coupons"
import { errorMessage } from "../lib/errors"
import { formatCount, formatDateTime, formatMoney } from "../lib/format"
import { CouponStateBadge, RedemptionStateBadge } from "./badges"
import { SectionRow } from "./section-row"
import { EmptyState, ErrorState, LoadingRows } from "./states"

/**
 * One code: who holds it, and every use (reserved at checkout, confirmed with the order, or released). Take back for an
 * assigned code; Void code for an unused one while the promotion is not archived.
 */
export const CouponDrawer = ({
  promotionId,
  couponId,
  onClose,
}: {
  promotionId: string
  couponId: string | null
  onClose: () => void
}) => {
  const { data: coupon, isLoading, isError, error, refetch } = useCouponDetail(promotionId, couponId)
  // The promotion page has it loaded already (same query): archived promotions are read-only.
  const { data: promotion } = useCouponPromotion(promotionId)
  const unassign = useUnassignCoupon(promotionId)
  const voidCoupon = useVoidCoupon(promotionId)
  const prompt = usePrompt()
  // Unused: never redeemed (a code a checkout has reserved already counts a use). The server checks again under lock.
  const voidable =
    !!coupon &&
    !!promotion &&
    !promotion.archived_at &&
    (coupon.state === "unassigned" || coupon.state === "assigned") &&
    coupon.uses_count === 0

  const onVoid = async () => {
    if (!coupon) {
      return
    }
    const ok = await prompt({
      title: `Void ${coupon.code}?`,
      description:
        "The code stops working at once and for good: checkout refuses it like an unknown code, and it can never be issued or imported again.",
      confirmText: "Void code",
      cancelText: "Cancel",
    })
    if (ok) {
      await voidCoupon.mutateAsync(coupon.id).then(
        () => {
          toast.success(`${coupon.code} voided`)
          refetch()
        },
        (e) => toast.error("The code was not voided", { description: errorMessage(e) })
      )
    }
  }

  const onUnassign = async () => {
    if (!coupon) {
      return
    }
    const ok = await prompt({
      title: `Take ${coupon.code} back?`,
      description: "The customer can no longer use this code.",
      confirmText: "Take back",
      cancelText: "Cancel",
    })
    if (ok) {
      unassign.mutate(coupon.id, {
        onSuccess: () => {
          toast.success(`${coupon.code} taken back`)
          refetch()
        },
        onError: (e) => toast.error("Could not take the code back", { description: errorMessage(e) }),
      })
    }
  }

  return (
    <Drawer open={!!couponId} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{coupon ? coupon.code : "Coupon"}</Drawer.Title>
          <Drawer.Description>Redemption history of this code.</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto p-0">
          {isLoading ? (
            <LoadingRows />
          ) : isError ? (
            <ErrorState error={error} onRetry={() => refetch()} />
          ) : coupon ? (
            <>
              <div className="divide-y">
                <SectionRow title="State" value={<CouponStateBadge state={coupon.state} />} />
                <SectionRow
                  title="Customer"
                  value={
                    coupon.customer_id ? (
                      <Link to={`/customers/${coupon.customer_id}`} className="text-ui-fg-interactive txt-small">
                        {coupon.customer_id}
                      </Link>
                    ) : (
                      "—"
                    )
                  }
                />
                <SectionRow title="Given" value={formatDateTime(coupon.assigned_at)} />
                <SectionRow title="Expires" value={formatDateTime(coupon.expires_at)} />
                <SectionRow title="Uses" value={formatCount(coupon.uses_count)} />
                {coupon.amount_used !== null && coupon.amount_used !== undefined && (
                  <SectionRow title="Amount used" value={String(coupon.amount_used)} />
                )}
              </div>
              <div className="px-6">
                <Heading level="h3">Redemptions</Heading>
              </div>
              {coupon.redemptions.length === 0 ? (
                <EmptyState title="Not used yet" description="Uses appear here when an order is placed with this code." />
              ) : (
                <Table>
                  <Table.Header>
                    <Table.Row>
                      <Table.HeaderCell>Date</Table.HeaderCell>
                      <Table.HeaderCell>Order</Table.HeaderCell>
                      <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
                      <Table.HeaderCell>State</Table.HeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {coupon.redemptions.map((r) => (
                      <Table.Row key={r.id}>
                        <Table.Cell>{formatDateTime(r.confirmed_at ?? r.reserved_at)}</Table.Cell>
                        <Table.Cell>
                          {r.order_id ? (
                            <Link to={`/orders/${r.order_id}`} className="text-ui-fg-interactive">
                              {r.order_id.slice(-8)}
                            </Link>
                          ) : (
                            <Text size="small" className="text-ui-fg-subtle">
                              cart {r.cart_id.slice(-8)}
                            </Text>
                          )}
                        </Table.Cell>
                        <Table.Cell className="text-right">{formatMoney(r.amount, r.currency_code)}</Table.Cell>
                        <Table.Cell>
                          <RedemptionStateBadge state={r.state} />
                          {r.release_reason && (
                            <Text size="xsmall" className="text-ui-fg-subtle">
                              {r.release_reason}
                            </Text>
                          )}
                        </Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              )}
            </>
          ) : null}
        </Drawer.Body>
        <Drawer.Footer>
          {coupon?.state === "assigned" && (
            <Button size="small" variant="secondary" onClick={onUnassign} isLoading={unassign.isPending}>
              Take back
            </Button>
          )}
          {voidable && (
            <Button size="small" variant="danger" onClick={onVoid} isLoading={voidCoupon.isPending}>
              Void code
            </Button>
          )}
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Close
            </Button>
          </Drawer.Close>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
