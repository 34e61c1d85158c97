import { Alert, Button, Drawer, Input, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useImportCodes } from "../hooks/batches"
import { errorMessage } from "../lib/errors"
import { Field } from "./field"
import { TemplateLinks } from "./template-links"

/**
 * uStore "Manual production": upload a prepared list. The whole file is one batch or nothing; when codes clash
 * with existing ones the API names them with their rows, and that list is shown as is.
 */
export const ImportCodesDrawer = ({
  promotionId,
  open,
  onOpenChange,
}: {
  promotionId: string
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const importCodes = useImportCodes(promotionId)
  const [file, setFile] = useState<File | null>(null)
  const [problem, setProblem] = useState("")

  useEffect(() => {
    if (open) {
      setFile(null)
      setProblem("")
      importCodes.reset()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    setProblem("")
    if (!file) {
      setProblem("Choose a .csv or .xlsx file with the codes")
      return
    }
    importCodes.mutate(file, {
      onSuccess: (batch) => {
        toast.success(`${batch.codes_total.toLocaleString()} codes imported from ${file.name}`)
        onOpenChange(false)
      },
      onError: (err) => setProblem(errorMessage(err)),
    })
  }

  // "The file has N problems: row 2: "X" already exists; row 5: …; and 3 more" → a heading and one line each.
  const parsed = /^(The file has [^:]+):\s*([\s\S]*)$/.exec(problem)
  const heading = parsed ? parsed[1] : "The file was not imported"
  const lines = (parsed ? parsed[2] : problem).split(/;\s+/).filter(Boolean)

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form onSubmit={submit} className="flex h-full flex-col" noValidate>
          <Drawer.Header>
            <Drawer.Title>Import codes</Drawer.Title>
            <Drawer.Description>
              A CSV or Excel file with one code per row in a "code" column. A code that already exists anywhere in
              the store makes the whole upload fail.
            </Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <Field id="file" label="Coupon list (.csv or .xlsx)">
              <Input
                id="file"
                type="file"
                accept=".csv,.xlsx"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null)
                  setProblem("")
                }}
              />
            </Field>
            <div>
              <Text size="small" className="text-ui-fg-subtle">
                Start from an empty template:
              </Text>
              <TemplateLinks />
            </div>
            {problem && (
              <Alert variant="error" dismissible={false} data-testid="import-error">
                <Text size="small" weight="plus">
                  {heading}
                </Text>
                <ul className="mt-1 list-disc pl-4">
                  {lines.map((l, i) => (
                    <li key={i}>
                      <Text size="small">{l}</Text>
                    </li>
                  ))}
                </ul>
              </Alert>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={importCodes.isPending}>
              Import
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
