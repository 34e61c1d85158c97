import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A label/value row, as in Medusa's own detail sections. */
export const SectionRow = ({ title, value }: { title: string; value: ReactNode }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-start px-6 py-3">
    <Text size="small" weight="plus" leading="compact">
      {title}
    </Text>
    <div className="text-ui-fg-base">
      {typeof value === "string" || typeof value === "number" ? (
        <Text size="small" leading="compact" className="whitespace-pre-line break-words">
          {value === "" ? "—" : value}
        </Text>
      ) : (
        value ?? "—"
      )}
    </div>
  </div>
)
