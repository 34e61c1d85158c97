import { Alert, Button, Drawer, Input, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useGenerateCodes } from "../hooks/batches"
import { errorMessage, fieldErrorsFromMessage } from "../lib/errors"
import { Field } from "./field"

const FIELDS = ["count", "length", "prefix", "suffix", "pattern", "alphabet"] as const

/** uStore "Auto-production": N unique random codes, optionally shaped by a pattern. */
export const GenerateCodesDrawer = ({
  promotionId,
  open,
  onOpenChange,
}: {
  promotionId: string
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const generate = useGenerateCodes(promotionId)
  const [values, setValues] = useState({ count: "1000", length: "", prefix: "", suffix: "", pattern: "", alphabet: "" })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState("")

  useEffect(() => {
    if (open) {
      setErrors({})
      setGeneral("")
    }
  }, [open])

  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setValues((v) => ({ ...v, [k]: e.target.value }))
    setErrors((er) => ({ ...er, [k]: "" }))
  }

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    setErrors({})
    setGeneral("")
    const count = Number(values.count)
    if (!values.count.trim() || !Number.isInteger(count) || count < 1) {
      setErrors({ count: "Enter how many codes to create (a whole number, at least 1)" })
      return
    }
    const body = {
      count,
      ...(values.length.trim() ? { length: Number(values.length) } : {}),
      ...(values.prefix.trim() ? { prefix: values.prefix } : {}),
      ...(values.suffix.trim() ? { suffix: values.suffix } : {}),
      ...(values.pattern.trim() ? { pattern: values.pattern } : {}),
      ...(values.alphabet.trim() ? { alphabet: values.alphabet } : {}),
    }
    generate.mutate(body, {
      onSuccess: (batch) => {
        toast.success(
          batch.state === "completed"
            ? `${batch.codes_total.toLocaleString()} codes generated`
            : `Generating ${count.toLocaleString()} codes — progress is shown under Batches`
        )
        onOpenChange(false)
      },
      onError: (err) => {
        const { fields, general } = fieldErrorsFromMessage(errorMessage(err), FIELDS)
        setErrors(fields)
        setGeneral(general)
      },
    })
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form onSubmit={submit} className="flex h-full flex-col" noValidate>
          <Drawer.Header>
            <Drawer.Title>Generate codes</Drawer.Title>
            <Drawer.Description>
              Unique, random-looking codes (8+ characters, no look-alike letters). Large batches run in the background.
            </Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            {general && (
              <Alert variant="error" dismissible={false}>
                {general}
              </Alert>
            )}
            <Field id="count" label="Number of codes" error={errors.count}>
              <Input id="count" type="number" min={1} value={values.count} onChange={set("count")} />
            </Field>
            <div className="grid grid-cols-2 gap-4">
              <Field id="prefix" label="Prefix" optional error={errors.prefix}>
                <Input id="prefix" value={values.prefix} onChange={set("prefix")} placeholder="XMAS-" />
              </Field>
              <Field id="suffix" label="Suffix" optional error={errors.suffix}>
                <Input id="suffix" value={values.suffix} onChange={set("suffix")} />
              </Field>
            </div>
            <Field
              id="pattern"
              label="Pattern"
              optional
              hint='Each "#" becomes a random character, e.g. ####-####-##'
              error={errors.pattern}
            >
              <Input id="pattern" value={values.pattern} onChange={set("pattern")} placeholder="####-####-##" />
            </Field>
            <div className="grid grid-cols-2 gap-4">
              <Field id="length" label="Random characters" optional hint="Without a pattern; default 10" error={errors.length}>
                <Input id="length" type="number" min={8} value={values.length} onChange={set("length")} />
              </Field>
              <Field id="alphabet" label="Alphabet" optional error={errors.alphabet}>
                <Input id="alphabet" value={values.alphabet} onChange={set("alphabet")} placeholder="Default" />
              </Field>
            </div>
            <Text size="small" className="text-ui-fg-subtle">
              The codes can be downloaded as a CSV file from the batch once it is done.
            </Text>
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={generate.isPending}>
              Generate
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
