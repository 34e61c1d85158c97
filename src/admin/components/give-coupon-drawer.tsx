import { Alert, Button, Drawer, Input, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useCouponPromotions } from "../hooks/coupon-promotions"
import { useAssignCoupon } from "../hooks/coupons"
import { discountInfo, formatCount } from "../lib/format"
import { errorMessage } from "../lib/errors"
import { PromotionStatusBadge } from "./badges"
import { EmptyState, ErrorState, LoadingRows } from "./states"

/** User.com "Give coupon": hand the customer one unassigned code of a promotion they pick. */
export const GiveCouponDrawer = ({
  customerId,
  open,
  onOpenChange,
}: {
  customerId: string
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [search, setSearch] = useState("")
  const [q, setQ] = useState("")
  const [selected, setSelected] = useState<string | null>(null)
  const [problem, setProblem] = useState("")
  const assign = useAssignCoupon()

  useEffect(() => {
    const t = setTimeout(() => setQ(search), 300)
    return () => clearTimeout(t)
  }, [search])
  useEffect(() => {
    if (open) {
      setSelected(null)
      setProblem("")
    }
  }, [open])

  const list = useCouponPromotions({ q: q || undefined, status: ["active", "scheduled"], limit: 8, offset: 0 })

  const give = () => {
    if (!selected) {
      setProblem("Choose a promotion")
      return
    }
    setProblem("")
    assign.mutate(
      { promotionId: selected, customerId },
      {
        onSuccess: (r) => {
          toast.success(r.created ? `Coupon ${r.coupon.code} given` : `The customer already holds ${r.coupon.code}`, {
            description: r.warning ?? undefined,
          })
          onOpenChange(false)
        },
        onError: (e) => setProblem(errorMessage(e)),
      }
    )
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Give coupon</Drawer.Title>
          <Drawer.Description>The customer gets one unassigned code of the promotion.</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-3 overflow-y-auto">
          <Input
            type="search"
            placeholder="Search promotions"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-label="Search promotions"
          />
          {list.isLoading ? (
            <LoadingRows />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          ) : !list.data?.coupon_promotions.length ? (
            <EmptyState title="No active coupon promotions" description="Create one under Promotions → Coupons." />
          ) : (
            <div role="radiogroup" aria-label="Promotion" className="flex flex-col gap-y-2">
              {list.data.coupon_promotions.map((p) => (
                <button
                  type="button"
                  role="radio"
                  aria-checked={selected === p.id}
                  key={p.id}
                  data-promotion={p.custom_id}
                  onClick={() => setSelected(p.id)}
                  className={`shadow-borders-base flex items-start justify-between gap-x-2 rounded-lg px-3 py-2 text-left ${
                    selected === p.id ? "shadow-borders-interactive-with-active bg-ui-bg-base" : "bg-ui-bg-base hover:bg-ui-bg-base-hover"
                  }`}
                >
                  <div>
                    <Text size="small" weight="plus">
                      {p.name}
                    </Text>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {p.custom_id} · {discountInfo(p)} · {formatCount(p.codes_unassigned)} codes left
                    </Text>
                  </div>
                  <PromotionStatusBadge status={p.computed_status} />
                </button>
              ))}
            </div>
          )}
          {problem && (
            <Alert variant="error" dismissible={false} data-testid="give-error">
              {problem}
            </Alert>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" onClick={give} isLoading={assign.isPending}>
            Give coupon
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
