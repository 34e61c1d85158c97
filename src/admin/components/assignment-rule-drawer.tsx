import { Alert, Button, Drawer, Input, RadioGroup, Select, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import {
  type AssignmentRuleInput,
  type CouponAssignmentRule,
  useCreateAssignmentRule,
  useUpdateAssignmentRule,
} from "../hooks/assignment-rules"
import { errorMessage, fieldErrorsFromMessage } from "../lib/errors"
import { Field } from "./field"

type RuleForm = {
  name: string
  event_name: string
  customer_id_path: string
  resolve_customer_from: "customer" | "order"
  enabled: boolean
}

const FIELDS = ["name", "event_name", "customer_id_path", "resolve_customer_from", "enabled"] as const

/** What each built-in event carries, so the admin need not know its data's shape. */
export const EVENT_LABEL: Record<string, string> = {
  "customer.created": "A customer account is created",
  "order.placed": "An order is placed",
}

const eventLabel = (name: string) => (EVENT_LABEL[name] ? `${EVENT_LABEL[name]} (${name})` : name)

/** The defaults the API would pick for the event: order.* events carry the order id at `id`. */
const defaultsFor = (event: string): Pick<RuleForm, "customer_id_path" | "resolve_customer_from"> => ({
  customer_id_path: "id",
  resolve_customer_from: event.startsWith("order.") ? "order" : "customer",
})

const initial = (rule: CouponAssignmentRule | null, events: string[]): RuleForm =>
  rule
    ? {
        name: rule.name ?? "",
        event_name: rule.event_name,
        customer_id_path: rule.customer_id_path,
        resolve_customer_from: rule.resolve_customer_from,
        enabled: rule.enabled,
      }
    : { name: "", event_name: events[0] ?? "", ...defaultsFor(events[0] ?? ""), enabled: true }

/**
 * Create or edit an assignment rule of this promotion. `rule` null with `open` creates one; a rule edits it.
 * Only what changed is sent on edit.
 */
export const AssignmentRuleDrawer = ({
  promotionId,
  events,
  open,
  rule,
  onClose,
}: {
  promotionId: string
  events: string[]
  open: boolean
  rule: CouponAssignmentRule | null
  onClose: () => void
}) => {
  const create = useCreateAssignmentRule()
  const update = useUpdateAssignmentRule()
  const [form, setForm] = useState<RuleForm>(() => initial(rule, events))
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({})
  const [general, setGeneral] = useState("")

  useEffect(() => {
    if (open) {
      setForm(initial(rule, events))
      setErrors({})
      setGeneral("")
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, rule])

  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }
  const chooseEvent = (event: string) =>
    setForm((f) => ({
      ...f,
      event_name: event,
      // Follow the event's defaults unless the path was changed by hand.
      ...(f.customer_id_path === "id" ? defaultsFor(event) : {}),
    }))

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    const body: AssignmentRuleInput = {
      name: form.name.trim() || null,
      event_name: form.event_name,
      customer_id_path: form.customer_id_path.trim(),
      resolve_customer_from: form.resolve_customer_from,
      enabled: form.enabled,
    }
    if (rule) {
      const before = initial(rule, events)
      for (const key of FIELDS) {
        const was = key === "name" ? before.name.trim() || null : before[key]
        if (body[key] === was) {
          delete body[key]
        }
      }
    }
    const onError = (err: unknown) => {
      const { fields, general } = fieldErrorsFromMessage(errorMessage(err), FIELDS)
      setErrors(fields)
      setGeneral(general)
    }
    if (rule) {
      update.mutate(
        { id: rule.id, ...body },
        {
          onSuccess: () => {
            toast.success("Rule saved")
            onClose()
          },
          onError,
        }
      )
    } else {
      create.mutate(
        { ...body, promotion: promotionId },
        {
          onSuccess: () => {
            toast.success("Rule created")
            onClose()
          },
          onError,
        }
      )
    }
  }

  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content>
        <form onSubmit={submit} className="flex h-full flex-col" noValidate>
          <Drawer.Header>
            <Drawer.Title>{rule ? "Edit rule" : "Add rule"}</Drawer.Title>
            <Drawer.Description>
              When the event happens, the customer it is about gets one unassigned code of this promotion (once, unless
              the promotion allows several codes per customer).
            </Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <Field id="rule-name" label="Name" optional error={errors.name} hint="Shown in the list of rules.">
              <Input id="rule-name" value={form.name} onChange={(e) => set("name", e.target.value)} />
            </Field>
            <Field id="rule-event" label="When" error={errors.event_name}>
              <Select value={form.event_name} onValueChange={chooseEvent}>
                <Select.Trigger id="rule-event">
                  <Select.Value placeholder="Choose an event" />
                </Select.Trigger>
                <Select.Content>
                  {events.map((name) => (
                    <Select.Item key={name} value={name}>
                      {eventLabel(name)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </Field>
            <Field
              id="rule-path"
              label="Customer ID in the event data"
              error={errors.customer_id_path}
              hint='A dotted path into the event data, e.g. "id" or "customer.id".'
            >
              <Input
                id="rule-path"
                value={form.customer_id_path}
                onChange={(e) => set("customer_id_path", e.target.value)}
              />
            </Field>
            <Field id="rule-resolve" label="The value found there is" error={errors.resolve_customer_from}>
              <RadioGroup
                id="rule-resolve"
                className="grid grid-cols-1 gap-3 md:grid-cols-2"
                value={form.resolve_customer_from}
                onValueChange={(v) => set("resolve_customer_from", v as RuleForm["resolve_customer_from"])}
              >
                <RadioGroup.ChoiceBox value="customer" label="A customer ID" description="That customer gets the code." />
                <RadioGroup.ChoiceBox
                  value="order"
                  label="An order ID"
                  description="The order's customer gets the code (guest orders: nobody)."
                />
              </RadioGroup>
            </Field>
            <Field id="rule-enabled" label="Active" error={errors.enabled}>
              <div className="flex items-center gap-x-2">
                <Switch id="rule-enabled" checked={form.enabled} onCheckedChange={(on) => set("enabled", on)} />
                <Text size="small">{form.enabled ? "Gives codes" : "Paused"}</Text>
              </div>
            </Field>
            {general && (
              <Alert variant="error" dismissible={false} data-testid="rule-error">
                {general}
              </Alert>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={create.isPending || update.isPending}>
              {rule ? "Save" : "Create rule"}
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
