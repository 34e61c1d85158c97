/**
 * Exact money arithmetic for the coupon engine.
 *
 * Medusa stores amounts in the currency's main unit as arbitrary-precision decimals (10.5 = €10.50; a tax-inclusive
 * line's pre-tax subtotal can be "8.4033613445378151261"). JavaScript floats cannot add 0.1 + 0.2, so every amount is
 * parsed from its decimal text into a BigInt, the math happens in integer minor units (cents), and only the result is
 * turned back into a main-unit number.
 */

/** An amount as Medusa hands it over: number, numeric string, bigint, or a Medusa BigNumber / raw `{ value }` object. */
export type Numeric = number | string | bigint | { toString(): string }

/** value = units × 10^-scale, exactly. */
export interface ExactDecimal {
  readonly units: bigint
  readonly scale: number
}

/** How a value with more decimals than the currency has is brought to whole minor units. */
export type MoneyRounding = "floor" | "ceil" | "half_up"

export const DEFAULT_CURRENCY_PRECISION = 2

// Mirrors the decimal_digits of @medusajs/utils `defaultCurrencies` (2.21.2), which the currency module seeds, so a
// cart total and our discount agree on what "one cent" is (Medusa says HUF and COP have none, unlike ISO 4217).
const ZERO_DECIMAL_CURRENCIES = new Set(
  (
    "AFN ALL AMD BIF CLP COP CRC DJF GNF HUF IDR IQD IRR IRT ISK JPY KMF KRW LBP MGA MMK MNT MUR PKR PYG RSD RWF " +
    "SOS SYP TZS UGX UZS VND XAF XOF XPF YER ZMK ZWL"
  ).split(" ")
)
const THREE_DECIMAL_CURRENCIES = new Set("BHD JOD KWD LYD OMR TND".split(" "))

const ZERO = BigInt(0)
const ONE = BigInt(1)
const TWO = BigInt(2)
const TEN = BigInt(10)

/** Number of decimals of a currency's minor unit; unknown codes get 2, the common case. */
export function currencyPrecision(currency_code?: string | null): number {
  const code = (currency_code ?? "").trim().toUpperCase()
  if (ZERO_DECIMAL_CURRENCIES.has(code)) {
    return 0
  }
  if (THREE_DECIMAL_CURRENCIES.has(code)) {
    return 3
  }
  return DEFAULT_CURRENCY_PRECISION
}

function checkPrecision(precision: number): bigint {
  if (!Number.isInteger(precision) || precision < 0 || precision > 18) {
    throw new RangeError(`Currency precision must be an integer between 0 and 18, got ${precision}`)
  }
  return TEN ** BigInt(precision)
}

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i

function numericText(value: Exclude<Numeric, bigint>): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new RangeError(`Not a finite amount: ${value}`)
    }
    // String() gives the shortest text that reads back as the same double, i.e. the decimal the caller meant.
    return String(value)
  }
  if (typeof value === "string") {
    return value.trim()
  }
  // A Medusa BigNumber keeps the exact text in `raw.value`; a raw column value is `{ value, precision }`.
  const withRaw = value as { raw?: { value?: unknown }; value?: unknown }
  const raw = withRaw.raw?.value ?? withRaw.value
  if (typeof raw === "string" || typeof raw === "number") {
    return numericText(raw)
  }
  return String(value).trim()
}

/** Reads an amount exactly; throws RangeError for anything that is not a finite decimal. */
export function parseDecimal(value: Numeric): ExactDecimal {
  if (typeof value === "bigint") {
    return { units: value, scale: 0 }
  }
  const text = numericText(value)
  const match = DECIMAL_TEXT.exec(text)
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    throw new RangeError(`Not a decimal amount: ${JSON.stringify(text)}`)
  }
  const fraction = match[3] ?? ""
  let units = BigInt((match[2] ?? "") + fraction || "0")
  let scale = fraction.length - Number(match[4] ?? 0)
  if (match[1] === "-") {
    units = -units
  }
  if (scale < 0) {
    units *= TEN ** BigInt(-scale)
    scale = 0
  }
  return { units, scale }
}

function atScale(value: ExactDecimal, scale: number): bigint {
  return value.units * TEN ** BigInt(scale - value.scale)
}

export function addDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const scale = Math.max(a.scale, b.scale)
  return { units: atScale(a, scale) + atScale(b, scale), scale }
}

export function subtractDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return addDecimals(a, { units: -b.units, scale: b.scale })
}

export function compareDecimals(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale)
  const left = atScale(a, scale)
  const right = atScale(b, scale)
  return left < right ? -1 : left > right ? 1 : 0
}

/** numerator / denominator (denominator > 0) rounded to an integer; BigInt division alone truncates toward zero. */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: MoneyRounding): bigint {
  if (denominator <= ZERO) {
    throw new RangeError("Denominator must be positive")
  }
  const quotient = numerator / denominator
  const remainder = numerator % denominator
  if (remainder === ZERO) {
    return quotient
  }
  const negative = numerator < ZERO
  switch (rounding) {
    case "floor":
      return negative ? quotient - ONE : quotient
    case "ceil":
      return negative ? quotient : quotient + ONE
    case "half_up": {
      // Half away from zero, the rounding shoppers and accountants expect for money.
      const twice = (negative ? -remainder : remainder) * TWO
      if (twice >= denominator) {
        return negative ? quotient - ONE : quotient + ONE
      }
      return quotient
    }
  }
}

export function decimalToMinorUnits(
  value: ExactDecimal,
  precision: number = DEFAULT_CURRENCY_PRECISION,
  rounding: MoneyRounding = "half_up"
): bigint {
  checkPrecision(precision)
  if (value.scale <= precision) {
    return value.units * TEN ** BigInt(precision - value.scale)
  }
  return divideRounded(value.units, TEN ** BigInt(value.scale - precision), rounding)
}

/** Main-unit amount → integer minor units (10.5 → 1050n at precision 2). */
export function toMinorUnits(
  amount: Numeric,
  precision: number = DEFAULT_CURRENCY_PRECISION,
  rounding: MoneyRounding = "half_up"
): bigint {
  return decimalToMinorUnits(parseDecimal(amount), precision, rounding)
}

/** Integer minor units → the main-unit decimal text with exactly `precision` decimals (1050n → "10.50"). */
export function minorUnitsToString(minor: bigint, precision: number = DEFAULT_CURRENCY_PRECISION): string {
  const factor = checkPrecision(precision)
  const negative = minor < ZERO
  const absolute = negative ? -minor : minor
  const whole = (absolute / factor).toString()
  const fraction = precision > 0 ? "." + (absolute % factor).toString().padStart(precision, "0") : ""
  return `${negative ? "-" : ""}${whole}${fraction}`
}

/** Integer minor units → main-unit number, the form Medusa accepts for adjustment amounts (1050n → 10.5). */
export function fromMinorUnits(minor: bigint, precision: number = DEFAULT_CURRENCY_PRECISION): number {
  // Going through the exact decimal text yields the double whose shortest form is that text, so 333n → 3.33.
  return Number(minorUnitsToString(minor, precision))
}

/** "12.50 EUR": fixed decimals of the currency, code upper-cased; used in shopper-facing messages. */
export function formatMoney(
  amount: Numeric,
  currency_code: string,
  precision: number = currencyPrecision(currency_code)
): string {
  const minor = toMinorUnits(amount, precision, "half_up")
  return `${minorUnitsToString(minor, precision)} ${currency_code.trim().toUpperCase()}`
}

/**
 * Splits `total` minor units into integer parts whose exact values are numerators[i] / denominator, using the
 * largest-remainder method: every part gets its floor, then the cents still missing go one each to the parts with
 * the largest dropped fraction (ties: larger share first, then earlier position). The parts always sum to `total`.
 *
 * Callers must pass a `total` between Σ floor(share) and that plus the number of shares with a fraction, which
 * holds when `total` is the rounded or exact sum of the shares; then no part exceeds the ceiling of its share.
 */
export function allocateByShares(total: bigint, numerators: readonly bigint[], denominator: bigint): bigint[] {
  if (denominator <= ZERO) {
    throw new RangeError("Denominator must be positive")
  }
  const parts = numerators.map((numerator) => numerator / denominator)
  let missing = total - parts.reduce((sum, part) => sum + part, ZERO)
  if (missing < ZERO || missing > BigInt(numerators.length)) {
    throw new RangeError(`Cannot allocate ${total} over shares summing to a different amount`)
  }
  const order = numerators
    .map((numerator, index) => ({ index, numerator, remainder: numerator % denominator }))
    .filter((share) => share.remainder > ZERO)
    .sort((a, b) => {
      if (a.remainder !== b.remainder) {
        return a.remainder > b.remainder ? -1 : 1
      }
      if (a.numerator !== b.numerator) {
        return a.numerator > b.numerator ? -1 : 1
      }
      return a.index - b.index
    })
  for (const share of order) {
    if (missing === ZERO) {
      break
    }
    parts[share.index] += ONE
    missing -= ONE
  }
  if (missing !== ZERO) {
    throw new RangeError(`Cannot allocate ${total} over shares summing to a different amount`)
  }
  return parts
}

/**
 * Splits `total` minor units over non-negative integer `weights` in proportion, summing exactly to `total`.
 * With total ≤ Σ weights no part exceeds its weight, which is what keeps every discounted line at or above zero.
 */
export function allocateProportionally(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((acc, weight) => acc + weight, ZERO)
  if (sum === ZERO) {
    if (total !== ZERO) {
      throw new RangeError(`Cannot allocate ${total} over zero weights`)
    }
    return weights.map(() => ZERO)
  }
  return allocateByShares(
    total,
    weights.map((weight) => weight * total),
    sum
  )
}
