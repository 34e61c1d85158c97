import { Text } from "@medusajs/ui"
import { createContext, useContext } from "react"
import type { PromotionRedemptionTotals } from "../hooks/redemption-stats"
import { formatCount, formatMoney } from "../lib/format"

/** The list page's totals per promotion id (one request per page, GET /admin/coupon-promotions/stats?id=…). */
export const PromotionUsesContext = createContext<Map<string, PromotionRedemptionTotals> | undefined>(undefined)

/** Orders that used a code of the promotion, with their buyers and discount, in a list row. */
export const PromotionUsesCell = ({ promotionId }: { promotionId: string }) => {
  const totals = useContext(PromotionUsesContext)?.get(promotionId)
  if (!totals) {
    return <>—</>
  }
  return (
    // Narrow on purpose: one short line each, so the list keeps its Status column in view.
    <div className="flex flex-col py-2" data-testid="promotion-uses">
      <Text size="small" leading="compact">
        {formatCount(totals.orders)} {totals.orders === 1 ? "order" : "orders"}
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle" leading="compact">
        {formatCount(totals.customers)} {totals.customers === 1 ? "customer" : "customers"}
      </Text>
      {totals.discount.map((d) => (
        <Text key={d.currency_code} size="xsmall" className="text-ui-fg-subtle" leading="compact">
          {formatMoney(d.amount, d.currency_code)} off
        </Text>
      ))}
    </div>
  )
}
