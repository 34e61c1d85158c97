// "Amounts per currency": one row per currency the promotion is valid in, with the money amounts its discount type
// uses (amount off for a fixed discount, cap per order for a percentage, minimum purchase and budget for both).
// The first row is the main currency. A fixed discount always has a row (the store's default currency to start);
// a percentage may have none, and then works in every currency.
import { PlusMini, Trash } from "@medusajs/icons"
import { Button, Hint, IconButton, Input, Label, Select, Text } from "@medusajs/ui"
import { useEffect } from "react"
import { usePromotionForm } from "./context"
import { type AmountColumn, type CurrencyRowState, columnsFor, emptyCurrencyRow, useAllowedCurrencies } from "./currency"

const COLUMN_LABEL: Record<AmountColumn, string> = {
  discount_value: "Amount off",
  min_purchase: "Min. purchase",
  max_discount: "Max discount per order",
  budget: "Budget",
}

const GRID = "grid grid-cols-[104px_repeat(3,minmax(0,1fr))_28px] items-start gap-x-3"

const errorKey = (code: string, column?: AmountColumn) => `currency_amounts.${code}${column ? `.${column}` : ""}`

export const CurrencyAmountsField = () => {
  const { state: s, set, errors, lockedRules } = usePromotionForm()
  const allowed = useAllowedCurrencies()
  const rows = s.currency_amounts
  const columns = columnsFor(s.discount_type)
  const fixed = s.discount_type === "fixed"
  const codes = allowed.data?.codes ?? []
  const defaultCode = allowed.data?.defaultCode ?? codes[0]
  const unused = codes.filter((c) => !rows.some((r) => r.currency_code === c))

  // A fixed discount needs an amount in at least one currency: it starts with the store's default.
  useEffect(() => {
    if (fixed && !rows.length && defaultCode) {
      set("currency_amounts", [emptyCurrencyRow(defaultCode)])
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fixed, rows.length, defaultCode])

  const update = (i: number, patch: Partial<CurrencyRowState>) =>
    set(
      "currency_amounts",
      rows.map((r, j) => (j === i ? { ...r, ...patch } : r))
    )
  const add = () => {
    const next = rows.length ? unused[0] : defaultCode && unused.includes(defaultCode) ? defaultCode : unused[0]
    if (next) {
      set("currency_amounts", [...rows, emptyCurrencyRow(next)])
    }
  }
  const remove = (i: number) => set("currency_amounts", rows.filter((_, j) => j !== i))

  // A message about one row or cell shows there; the same message under the whole field would say it twice. A fixed
  // discount has no input of its own, so a message about 'discount_value' (the main row's amount) shows here too.
  const cellErrors = rows.flatMap((r) => [errorKey(r.currency_code), ...columns.map((c) => errorKey(r.currency_code, c))])
  const tableError = cellErrors.some((k) => errors[k])
    ? ""
    : errors.currency_amounts || (fixed ? errors.discount_value : "") || ""

  return (
    <div className="flex flex-col gap-y-2" data-field="currency_amounts">
      <Label size="small" weight="plus">
        Amounts per currency
        {!fixed && <span className="text-ui-fg-muted font-normal"> (Optional)</span>}
      </Label>
      {rows.length > 0 && (
        <div className="shadow-borders-base flex flex-col rounded-md" data-testid="currency-amounts">
          <div className={`${GRID} bg-ui-bg-subtle border-ui-border-base rounded-t-md border-b px-3 py-2`}>
            <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
              Currency
            </Text>
            {columns.map((c) => (
              <Text key={c} size="xsmall" weight="plus" className="text-ui-fg-subtle truncate" title={COLUMN_LABEL[c]}>
                {COLUMN_LABEL[c]}
              </Text>
            ))}
            <span />
          </div>
          {rows.map((row, i) => {
            const code = row.currency_code
            const frozen = !!lockedRules && !!row.stored
            const options = [code, ...unused].filter(Boolean)
            const rowError = errors[errorKey(code)]
            return (
              <div
                key={i}
                className="border-ui-border-base flex flex-col gap-y-1 border-b px-3 py-2 last:border-b-0"
                data-currency-row={code}
              >
                <div className={GRID}>
                  <Select value={code} onValueChange={(v) => update(i, { currency_code: v })} disabled={frozen}>
                    <Select.Trigger aria-label={`Currency of row ${i + 1}`}>
                      <Select.Value />
                    </Select.Trigger>
                    <Select.Content>
                      {options.map((c) => (
                        <Select.Item key={c} value={c}>
                          {c.toUpperCase()}
                        </Select.Item>
                      ))}
                    </Select.Content>
                  </Select>
                  {columns.map((c) => {
                    const message = errors[errorKey(code, c)]
                    return (
                      <div key={c} className="flex min-w-0 flex-col gap-y-1">
                        <Input
                          type="number"
                          min={0}
                          step="any"
                          placeholder="None"
                          aria-label={`${code.toUpperCase()} ${COLUMN_LABEL[c].toLowerCase()}`}
                          aria-invalid={!!message}
                          value={row[c]}
                          disabled={frozen && c === "discount_value"}
                          onChange={(e) => update(i, { [c]: e.target.value })}
                        />
                        {message && (
                          <Hint variant="error" data-error-for={errorKey(code, c)}>
                            {message}
                          </Hint>
                        )}
                      </div>
                    )
                  })}
                  <IconButton
                    type="button"
                    size="small"
                    variant="transparent"
                    className="mt-0.5"
                    aria-label={`Remove ${code.toUpperCase()}`}
                    disabled={frozen || (fixed && rows.length === 1)}
                    onClick={() => remove(i)}
                  >
                    <Trash />
                  </IconButton>
                </div>
                {rowError && (
                  <Hint variant="error" data-error-for={errorKey(code)}>
                    {rowError}
                  </Hint>
                )}
              </div>
            )
          })}
        </div>
      )}
      <div>
        <Button type="button" size="small" variant="secondary" onClick={add} disabled={!unused.length}>
          <PlusMini />
          Add currency
        </Button>
      </div>
      {tableError ? (
        <Hint variant="error" data-error-for="currency_amounts">
          {tableError}
        </Hint>
      ) : (
        <Hint>
          {fixed
            ? "The first row is the main currency. Carts in a currency without a row cannot use the codes. Blank: none."
            : rows.length
              ? "Only carts in these currencies can use the codes; the first row is the main currency. Blank: none."
              : "No rows: the percentage works in every currency. Add a currency for a minimum purchase, a cap per order or a budget."}
        </Hint>
      )}
    </div>
  )
}
