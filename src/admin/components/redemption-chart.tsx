import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts"
import { formatCount, formatMoney } from "../lib/format"
import type { RedemptionStats } from "../hooks/redemption-stats"

// Medusa UI's own colour tokens, so the chart follows the admin's light and dark themes.
const ORDERS_COLOR = "var(--fg-interactive)"
const DISCOUNT_COLORS = ["var(--tag-green-icon)", "var(--tag-orange-icon)", "var(--tag-purple-icon)", "var(--tag-red-icon)"]
const AXIS = { fontSize: 11, fill: "var(--fg-muted)" }
const COMPACT = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 })

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" })

/** Orders per day as bars (left axis) and the discount they got as a line per currency (right axis), UTC days. */
export const RedemptionChart = ({ stats }: { stats: RedemptionStats }) => {
  const currencies = stats.discount.map((d) => d.currency_code)
  const data = stats.by_day.map((d) => ({
    day: d.day,
    orders: d.orders,
    ...Object.fromEntries(d.discount.map((x) => [`discount_${x.currency_code}`, Number(x.amount)])),
  }))
  return (
    <div className="h-[260px] w-full" data-testid="redemption-chart" role="img" aria-label="Orders and discount by day">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border-base)" vertical={false} />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS} tickLine={false} axisLine={false} minTickGap={24} />
          <YAxis yAxisId="orders" allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} width={40} />
          {currencies.length > 0 && (
            <YAxis
              yAxisId="discount"
              orientation="right"
              tick={AXIS}
              tickLine={false}
              axisLine={false}
              width={56}
              tickFormatter={(value) => COMPACT.format(Number(value))}
            />
          )}
          <Tooltip
            labelFormatter={(day) => shortDay(String(day))}
            formatter={(value, name) => {
              const key = String(name)
              return key === "Orders" ? formatCount(Number(value)) : formatMoney(Number(value), key.split(" ").pop())
            }}
            contentStyle={{
              background: "var(--bg-base)",
              border: "1px solid var(--border-base)",
              borderRadius: 8,
              fontSize: 12,
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            yAxisId="orders"
            dataKey="orders"
            name="Orders"
            fill={ORDERS_COLOR}
            radius={[3, 3, 0, 0]}
            maxBarSize={24}
            isAnimationActive={false}
          />
          {currencies.map((currency, i) => (
            <Line
              key={currency}
              yAxisId="discount"
              type="linear"
              dataKey={`discount_${currency}`}
              name={`Discount ${currency.toUpperCase()}`}
              stroke={DISCOUNT_COLORS[i % DISCOUNT_COLORS.length]}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
}
