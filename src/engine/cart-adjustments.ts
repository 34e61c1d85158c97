/**
 * Turns the adjustments already on (or about to be written to) cart lines into the engine's per-line
 * `other_adjustments_total`: the pre-tax sum of every discount that is not the coupon being computed.
 */
import { ExactDecimal, Numeric, addDecimals, divideRounded, parseDecimal } from "./money"

export interface LineAdjustmentInput {
  item_id: string
  amount: Numeric
  /** A tax-inclusive amount (native promotions with is_tax_inclusive) covers tax too; only its pre-tax part counts. */
  is_tax_inclusive?: boolean | null
}

export interface LineTotalsInput {
  /** Pre-tax line subtotal. */
  subtotal: Numeric
  /** Tax-inclusive line total before discounts; the ratio subtotal / original_total strips the tax. */
  original_total?: Numeric | null
}

// Decimals kept when a tax-inclusive amount is converted; rounded up so the line base only ever errs on the small side.
const CONVERSION_SCALE = 10

/** Pre-tax part of an adjustment, the way Medusa's promotion module converts it (amount × subtotal / original_total). */
export function preTaxAdjustmentAmount(adjustment: LineAdjustmentInput, line?: LineTotalsInput | null): ExactDecimal {
  const amount = parseDecimal(adjustment.amount)
  if (!adjustment.is_tax_inclusive || !line || line.original_total === null || line.original_total === undefined) {
    return amount
  }
  const subtotal = parseDecimal(line.subtotal)
  const original = parseDecimal(line.original_total)
  if (original.units <= BigInt(0)) {
    return amount
  }
  // amount × subtotal / original, all at a common scale, as an exact decimal with CONVERSION_SCALE digits.
  const scale = Math.max(amount.scale, subtotal.scale, original.scale)
  const lift = (value: ExactDecimal) => value.units * BigInt(10) ** BigInt(scale - value.scale)
  const numerator = lift(amount) * lift(subtotal) * BigInt(10) ** BigInt(CONVERSION_SCALE)
  const denominator = lift(original) * BigInt(10) ** BigInt(scale)
  return { units: divideRounded(numerator, denominator, "ceil"), scale: CONVERSION_SCALE }
}

/** Σ pre-tax adjustment amounts per item id, as exact decimal text (what `other_adjustments_total` accepts). */
export function sumAdjustmentsByItem(
  adjustments: readonly LineAdjustmentInput[],
  lines: ReadonlyMap<string, LineTotalsInput> = new Map()
): Map<string, string> {
  const sums = new Map<string, ExactDecimal>()
  for (const adjustment of adjustments) {
    const preTax = preTaxAdjustmentAmount(adjustment, lines.get(adjustment.item_id))
    const previous = sums.get(adjustment.item_id)
    sums.set(adjustment.item_id, previous ? addDecimals(previous, preTax) : preTax)
  }
  const out = new Map<string, string>()
  for (const [itemId, sum] of sums) {
    out.set(itemId, decimalText(sum))
  }
  return out
}

function decimalText(value: ExactDecimal): string {
  const negative = value.units < BigInt(0)
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, "0")
  const whole = value.scale ? digits.slice(0, -value.scale) : digits
  const fraction = value.scale ? `.${digits.slice(-value.scale)}` : ""
  return `${negative ? "-" : ""}${whole}${fraction}`
}
