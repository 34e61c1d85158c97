import { EllipsisHorizontal } from "@medusajs/icons"
import { DropdownMenu, IconButton } from "@medusajs/ui"
import type { ReactNode } from "react"

export type Action = { label: string; icon?: ReactNode; onClick: () => void; disabled?: boolean; destructive?: boolean }

/** The "…" menu Medusa's own detail sections use. */
export const ActionMenu = ({ groups, label = "Actions" }: { groups: Action[][]; label?: string }) => (
  <DropdownMenu>
    <DropdownMenu.Trigger asChild>
      <IconButton size="small" variant="transparent" aria-label={label}>
        <EllipsisHorizontal />
      </IconButton>
    </DropdownMenu.Trigger>
    <DropdownMenu.Content>
      {groups
        .filter((g) => g.length)
        .map((group, i) => (
          <div key={i}>
            {i > 0 && <DropdownMenu.Separator />}
            {group.map((a) => (
              <DropdownMenu.Item
                key={a.label}
                disabled={a.disabled}
                onClick={a.onClick}
                className={a.destructive ? "text-ui-fg-error gap-x-2" : "gap-x-2"}
              >
                {a.icon}
                {a.label}
              </DropdownMenu.Item>
            ))}
          </div>
        ))}
    </DropdownMenu.Content>
  </DropdownMenu>
)
