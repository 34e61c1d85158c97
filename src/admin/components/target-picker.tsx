import { useQuery } from "@tanstack/react-query"
import { XMarkMini } from "@medusajs/icons"
import { Badge, Checkbox, Hint, Input, Label, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { sdk } from "../lib/sdk"

export type TargetKind = "products" | "collections" | "categories"
/** Targets, and who may use the codes (customer groups): the same searchable picker. */
type Kind = TargetKind | "customer_groups"

/** How the picker names what it lists ("Search customer groups", "No customer groups found"). */
const NOUN: Record<Kind, string> = {
  products: "products",
  collections: "collections",
  categories: "categories",
  customer_groups: "customer groups",
}

const SOURCES: Record<Kind, (q: string, ids?: string[]) => Promise<{ id: string; label: string }[]>> = {
  products: (q, ids) =>
    sdk.admin.product
      .list({ ...(ids ? { id: ids } : { q }), limit: ids ? ids.length : 8, fields: "id,title" })
      .then((r) => r.products.map((p) => ({ id: p.id, label: p.title }))),
  collections: (q, ids) =>
    sdk.admin.productCollection
      .list({ ...(ids ? { id: ids } : { q }), limit: ids ? ids.length : 8, fields: "id,title" })
      .then((r) => r.collections.map((c) => ({ id: c.id, label: c.title }))),
  categories: (q, ids) =>
    sdk.admin.productCategory
      .list({ ...(ids ? { id: ids } : { q }), limit: ids ? ids.length : 8, fields: "id,name" })
      .then((r) => r.product_categories.map((c) => ({ id: c.id, label: c.name }))),
  customer_groups: (q, ids) =>
    sdk.admin.customerGroup
      .list({ ...(ids ? { id: ids } : { q }), limit: ids ? ids.length : 8, fields: "id,name" })
      .then((r) => r.customer_groups.map((g) => ({ id: g.id, label: g.name ?? g.id }))),
}

const useDebounced = <T,>(value: T, ms = 300) => {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

/** The names of chosen products, collections, categories or customer groups (one request per kind and list). */
export const useTargetNames = (kind: Kind, ids: string[]) =>
  useQuery({
    queryKey: ["coupon-target-selected", kind, ids],
    queryFn: () => SOURCES[kind]("", ids),
    enabled: ids.length > 0,
  })

/**
 * Pick products, collections, categories or customer groups by searching them (only a few rows at a time).
 * `id` names the search box and the field (`data-field`, as the form's other fields), `error` is the API's message.
 */
export const TargetPicker = ({
  id: fieldId,
  kind,
  label,
  value,
  onChange,
  error,
}: {
  id?: string
  kind: Kind
  label: string
  value: string[]
  onChange: (ids: string[]) => void
  error?: string
}) => {
  const [search, setSearch] = useState("")
  const q = useDebounced(search)
  const results = useQuery({ queryKey: ["coupon-target-search", kind, q], queryFn: () => SOURCES[kind](q) })
  const selected = useTargetNames(kind, value)
  const names = new Map([...(results.data ?? []), ...(selected.data ?? [])].map((r) => [r.id, r.label]))
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((v) => v !== id) : [...value, id])

  return (
    <div className="flex flex-col gap-y-2" data-field={fieldId}>
      <Label htmlFor={fieldId} size="small" weight="plus">
        {label}
      </Label>
      {value.length > 0 && (
        <div className="flex flex-wrap gap-1">
          {value.map((id) => (
            <Badge key={id} size="2xsmall" className="flex items-center gap-x-1">
              {names.get(id) ?? id}
              <button type="button" aria-label={`Remove ${names.get(id) ?? id}`} onClick={() => toggle(id)}>
                <XMarkMini />
              </button>
            </Badge>
          ))}
        </div>
      )}
      <Input
        id={fieldId}
        size="small"
        type="search"
        placeholder={`Search ${NOUN[kind]}`}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="shadow-borders-base max-h-40 overflow-y-auto rounded-md">
        {results.isLoading ? (
          <Text size="small" className="text-ui-fg-subtle px-3 py-2">
            Loading…
          </Text>
        ) : results.isError ? (
          <Text size="small" className="text-ui-fg-error px-3 py-2">
            Could not load {NOUN[kind]}
          </Text>
        ) : !results.data?.length ? (
          <Text size="small" className="text-ui-fg-subtle px-3 py-2">
            No {NOUN[kind]} found
          </Text>
        ) : (
          results.data.map((r) => (
            <label key={r.id} className="hover:bg-ui-bg-base-hover flex cursor-pointer items-center gap-x-2 px-3 py-1.5">
              <Checkbox checked={value.includes(r.id)} onCheckedChange={() => toggle(r.id)} />
              <Text size="small">{r.label}</Text>
            </label>
          ))
        )}
      </div>
      {error && (
        <Hint variant="error" data-error-for={fieldId}>
          {error}
        </Hint>
      )}
    </div>
  )
}
