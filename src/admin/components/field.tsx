import { Heading, Hint, Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A labelled form control with its hint and the API's message for it. */
export const Field = ({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: {
  id: string
  label: string
  hint?: ReactNode
  error?: string
  optional?: boolean
  children: ReactNode
}) => (
  <div className="flex flex-col gap-y-2" data-field={id}>
    <Label htmlFor={id} size="small" weight="plus">
      {label}
      {optional && <span className="text-ui-fg-muted font-normal"> (Optional)</span>}
    </Label>
    {children}
    {hint && !error && <Hint>{hint}</Hint>}
    {error && (
      <Hint variant="error" data-error-for={id}>
        {error}
      </Hint>
    )}
  </div>
)

export const FormSection = ({ title, description, children }: { title: string; description?: string; children: ReactNode }) => (
  <section className="flex flex-col gap-y-4">
    <div>
      <Heading level="h2">{title}</Heading>
      {description && (
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      )}
    </div>
    {children}
  </section>
)
