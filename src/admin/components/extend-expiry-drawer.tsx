import { Button, DatePicker, Drawer, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useExtendBatchExpiry } from "../hooks/batches"
import { errorMessage } from "../lib/errors"
import type { CouponBatch } from "../lib/types"
import { Field } from "./field"

/** The picked calendar day as the API's date (YYYY-MM-DD), which the server reads as the end of that day, UTC. */
const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`

const startOfToday = () => {
  const today = new Date()
  today.setHours(0, 0, 0, 0)
  return today
}

/** "Extend expiry" on a batch: every code of it (void ones aside) expires at the end of the picked day (UTC). */
export const ExtendExpiryDrawer = ({
  promotionId,
  batch,
  onClose,
}: {
  promotionId: string
  batch: CouponBatch | null
  onClose: () => void
}) => {
  const extend = useExtendBatchExpiry(promotionId)
  const [day, setDay] = useState<Date | null>(null)
  const [error, setError] = useState("")

  useEffect(() => {
    if (batch) {
      setDay(null)
      setError("")
    }
  }, [batch])

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    if (!batch) {
      return
    }
    if (!day) {
      setError("Pick the day the codes expire")
      return
    }
    setError("")
    extend.mutate(
      { batchId: batch.id, expires_at: isoDay(day) },
      {
        onSuccess: (r) => {
          toast.success(`${r.updated.toLocaleString()} codes now expire at the end of ${isoDay(day)} (UTC)`)
          onClose()
        },
        onError: (err) => setError(errorMessage(err)),
      }
    )
  }

  return (
    <Drawer open={!!batch} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        <form onSubmit={submit} className="flex h-full flex-col" noValidate>
          <Drawer.Header>
            <Drawer.Title>Extend expiry</Drawer.Title>
            <Drawer.Description>
              Every code of this batch that is not void expires at the end of the day you pick (UTC), replacing the
              expiry each code had.
            </Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <Field
              id="expires_at"
              label="Codes expire on"
              hint="The end of this day in UTC. Checkout refuses a code after it."
              error={error}
            >
              <DatePicker
                aria-label="Codes expire on"
                value={day}
                minValue={startOfToday()}
                onChange={(d) => {
                  setDay(d)
                  setError("")
                }}
              />
            </Field>
            {batch && (
              <Text size="small" className="text-ui-fg-subtle">
                {batch.codes_total.toLocaleString()} codes in this batch.
              </Text>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={extend.isPending}>
              Extend expiry
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
