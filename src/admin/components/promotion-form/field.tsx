// The one field shell of the promotion form (label, hint, the API's message for the field) and the controls the
// field groups put in it, each bound to its state entry by name: the entry's name is the control's id too.
import { DatePicker, Input, RadioGroup, Select, Switch, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Field } from "../field"
import { usePromotionForm } from "./context"
import type { PromotionFormState } from "./state"

type Name = keyof PromotionFormState
type NamesOf<T> = { [K in Name]: PromotionFormState[K] extends T ? K : never }[Name]
/** Entries typed into a box (plain text, also numbers kept as text). */
type TextName = { [K in Name]: string extends PromotionFormState[K] ? K : never }[Name]
/** Entries that hold one of a few values. */
type OptionName = NamesOf<string>

/** The entries of a drop-down, in order; for a state entry with fixed values, typed by them. */
export type Options<V extends string = string> = { value: V; label: string }[]

type ShellProps = { name: Name; label: string; hint?: ReactNode; optional?: boolean }

/** Label, hint and the API's message around any control; every field of the form goes through it. */
export const FormField = ({ name, label, hint, optional, children }: ShellProps & { children: ReactNode }) => {
  const { errors } = usePromotionForm()
  return (
    <Field id={name} label={label} hint={hint} optional={optional} error={errors[name]}>
      {children}
    </Field>
  )
}

/** A text box; `type="number"` with `min`/`step` for the amounts (kept as text until sent). */
export const InputField = ({
  name,
  type,
  min,
  step,
  disabled,
  ...shell
}: ShellProps & { name: TextName; type?: "number"; min?: number; step?: "any"; disabled?: boolean }) => {
  const { state, set } = usePromotionForm()
  return (
    <FormField name={name} {...shell}>
      <Input
        id={name}
        type={type}
        min={min}
        step={step}
        value={state[name]}
        disabled={disabled}
        onChange={(e) => set(name, e.target.value)}
      />
    </FormField>
  )
}

const CHOICE_GRID = {
  2: "grid grid-cols-1 gap-3 md:grid-cols-2",
  3: "grid grid-cols-1 gap-3 md:grid-cols-3",
}

/** One of a few options, as boxes side by side with a line of description each. */
export function ChoiceField<K extends OptionName>({
  name,
  columns = 2,
  choices,
  disabled,
  ...shell
}: ShellProps & {
  name: K
  columns?: 2 | 3
  choices: { value: PromotionFormState[K]; label: string; description: string }[]
  disabled?: boolean
}) {
  const { state, set } = usePromotionForm()
  return (
    <FormField name={name} {...shell}>
      <RadioGroup
        id={name}
        className={CHOICE_GRID[columns]}
        value={state[name]}
        onValueChange={(v) => set(name, v as PromotionFormState[K])}
        disabled={disabled}
      >
        {choices.map((c) => (
          <RadioGroup.ChoiceBox key={c.value} value={c.value} label={c.label} description={c.description} />
        ))}
      </RadioGroup>
    </FormField>
  )
}

/**
 * A drop-down. `value`/`onValueChange` stand in for the state entry where the list shows something else
 * (an "All stores" entry for none, the store's currency when none is chosen).
 */
export function SelectField<K extends OptionName>({
  name,
  options,
  placeholder,
  disabled,
  value,
  onValueChange,
  ...shell
}: ShellProps & {
  name: K
  options: Options
  placeholder?: string
  disabled?: boolean
  value?: string
  onValueChange?: (value: string) => void
}) {
  const { state, set } = usePromotionForm()
  return (
    <FormField name={name} {...shell}>
      <Select
        value={value ?? state[name]}
        onValueChange={onValueChange ?? ((v) => set(name, v as PromotionFormState[K]))}
        disabled={disabled}
      >
        <Select.Trigger id={name}>
          <Select.Value placeholder={placeholder} />
        </Select.Trigger>
        <Select.Content>
          {options.map((o) => (
            <Select.Item key={o.value} value={o.value}>
              {o.label}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </FormField>
  )
}

/** A date, named for screen readers by its label. */
export const DateField = ({ name, ...shell }: ShellProps & { name: NamesOf<Date | null> }) => {
  const { state, set } = usePromotionForm()
  return (
    <FormField name={name} {...shell}>
      <DatePicker aria-label={shell.label} value={state[name]} onChange={(d) => set(name, d)} />
    </FormField>
  )
}

/** On or off, with what the position means next to the switch ("Yes"/"No" unless told). */
export const SwitchField = ({
  name,
  on = "Yes",
  off = "No",
  ...shell
}: ShellProps & { name: NamesOf<boolean>; on?: string; off?: string }) => {
  const { state, set } = usePromotionForm()
  return (
    <FormField name={name} {...shell}>
      <div className="flex items-center gap-x-2">
        <Switch id={name} checked={state[name]} onCheckedChange={(v) => set(name, v)} />
        <Text size="small">{state[name] ? on : off}</Text>
      </div>
    </FormField>
  )
}
