import { Alert, Button, FocusModal, Heading, Input, RadioGroup, Text, toast } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { useNavigate } from "react-router-dom"
import { useCreateCouponPromotion, useUpdateCouponPromotion } from "../hooks/coupon-promotions"
import { useGenerateCodes, useImportCodes } from "../hooks/batches"
import { errorMessage, fieldErrorsFromMessage } from "../lib/errors"
import type { CouponPromotion } from "../lib/types"
import { Field, FormSection } from "./field"
import { formToBody, initialFormState, PROMOTION_FORM_FIELDS, PromotionForm, PromotionFormState } from "./promotion-form"
import { TemplateLinks } from "./template-links"

type CodesMode = "later" | "generate" | "import"

/** "Add a coupon batch" (create, with uStore's code generation step) and "Edit" share this full-screen form. */
export const PromotionFormModal = ({
  open,
  onOpenChange,
  promotion,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  promotion?: CouponPromotion
}) => {
  const navigate = useNavigate()
  const isEdit = !!promotion
  const [state, setState] = useState<PromotionFormState>(() => initialFormState(promotion))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState("")
  const [codesMode, setCodesMode] = useState<CodesMode>("later")
  const [count, setCount] = useState("1000")
  const [file, setFile] = useState<File | null>(null)
  const create = useCreateCouponPromotion()
  const update = useUpdateCouponPromotion(promotion?.id ?? "")
  const [createdId, setCreatedId] = useState<string | null>(null)
  const bodyRef = useRef<HTMLDivElement>(null)
  const generate = useGenerateCodes(createdId ?? "")
  const importCodes = useImportCodes(createdId ?? "")

  useEffect(() => {
    if (open) {
      setState(initialFormState(promotion))
      setErrors({})
      setGeneral("")
      setCodesMode("later")
      setFile(null)
      setCreatedId(null)
    }
  }, [open, promotion])

  // Codes are added once the promotion exists (the hooks need its id).
  useEffect(() => {
    if (!createdId) {
      return
    }
    const done = () => {
      onOpenChange(false)
      navigate(`/coupons/${createdId}`)
    }
    if (codesMode === "generate") {
      generate.mutate(
        { count: Number(count) },
        {
          onSuccess: (b) =>
            toast.success(
              b.state === "completed" ? `${b.codes_total.toLocaleString()} codes generated` : "Generating codes…"
            ),
          onError: (e) => toast.error("The codes were not generated", { description: errorMessage(e) }),
          onSettled: done,
        }
      )
    } else if (codesMode === "import" && file) {
      importCodes.mutate(file, {
        onSuccess: (b) => toast.success(`${b.codes_total.toLocaleString()} codes imported`),
        onError: (e) => toast.error("The codes were not imported", { description: errorMessage(e) }),
        onSettled: done,
      })
    } else {
      done()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [createdId])

  const onChange = (patch: Partial<PromotionFormState>) => {
    setState((s) => ({ ...s, ...patch }))
    // A message goes away once its field is edited (with those about its parts: 'currency_amounts.usd.budget').
    setErrors((e) => {
      const next = { ...e }
      for (const k of Object.keys(patch)) {
        for (const key of Object.keys(next)) {
          if (key === k || key.startsWith(`${k}.`)) {
            delete next[key]
          }
        }
      }
      return next
    })
  }

  const showError = (e: unknown) => {
    const { fields, general } = fieldErrorsFromMessage(errorMessage(e), [...PROMOTION_FORM_FIELDS, "codes"])
    setErrors(fields)
    setGeneral(general)
    // Scroll only the modal's body to the first message (scrollIntoView would also shift the fixed header).
    const first = Object.keys(fields)[0]
    const body = bodyRef.current
    const el = first ? body?.querySelector(`[data-field="${first}"]`) : null
    if (body && el) {
      const top = body.scrollTop + el.getBoundingClientRect().top - body.getBoundingClientRect().top - 160
      body.scrollTo({ top: Math.max(0, top), behavior: "smooth" })
    } else if (body && general) {
      body.scrollTo({ top: 0, behavior: "smooth" })
    }
  }

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    setErrors({})
    setGeneral("")
    if (!isEdit && codesMode === "generate" && !(Number(count) >= 1 && Number.isInteger(Number(count)))) {
      setErrors({ codes: "Enter how many codes to create (a whole number, at least 1)" })
      return
    }
    if (!isEdit && codesMode === "import" && !file) {
      setErrors({ codes: "Choose a .csv or .xlsx file with the codes" })
      return
    }
    if (isEdit) {
      const body = formToBody(state, promotion)
      if (!Object.keys(body).length) {
        onOpenChange(false)
        return
      }
      update.mutate(body, {
        onSuccess: () => {
          toast.success("Coupon promotion saved")
          onOpenChange(false)
        },
        onError: showError,
      })
    } else {
      create.mutate(formToBody(state), {
        onSuccess: (p) => {
          toast.success(`Coupon promotion ${p.name} created`)
          setCreatedId(p.id)
        },
        onError: showError,
      })
    }
  }

  const busy = create.isPending || update.isPending || generate.isPending || importCodes.isPending
  const lockedRules = isEdit && (promotion!.codes_used_partially > 0 || promotion!.codes_used_fully > 0)

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content>
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <FocusModal.Header>
            <div className="flex items-center justify-end gap-x-2">
              <FocusModal.Close asChild>
                <Button size="small" variant="secondary" type="button">
                  Cancel
                </Button>
              </FocusModal.Close>
              <Button size="small" type="submit" isLoading={busy}>
                {isEdit ? "Save" : "Create"}
              </Button>
            </div>
          </FocusModal.Header>
          <FocusModal.Body ref={bodyRef} className="flex flex-1 flex-col items-center overflow-y-auto py-12">
            <div className="flex w-full max-w-[720px] flex-col gap-y-8 px-2">
              <div>
                <Heading>{isEdit ? `Edit ${promotion!.name}` : "Add a coupon batch"}</Heading>
                <Text size="small" className="text-ui-fg-subtle">
                  {isEdit
                    ? "Changes apply to every code of this promotion."
                    : "The rules every code of this promotion follows. Codes can be added now or later, as often as needed."}
                </Text>
              </div>
              {general && (
                <Alert variant="error" dismissible={false} data-testid="form-error">
                  {general}
                </Alert>
              )}
              {lockedRules && (
                <Alert variant="info">
                  Codes of this promotion have been used: the coupon type and the discount can no longer change
                  (a currency can still be added).
                </Alert>
              )}
              <PromotionForm state={state} onChange={onChange} errors={errors} lockedRules={lockedRules} />
              {!isEdit && (
                <FormSection
                  title="Coupon code generation"
                  description="Create unique codes now, upload your own list, or do it later from the promotion page."
                >
                  <RadioGroup
                    className="grid grid-cols-1 gap-3 md:grid-cols-3"
                    value={codesMode}
                    onValueChange={(v) => setCodesMode(v as CodesMode)}
                  >
                    <RadioGroup.ChoiceBox value="later" label="Later" description="Only the rules for now." />
                    <RadioGroup.ChoiceBox
                      value="generate"
                      label="Auto-production"
                      description="Unique, random-looking codes."
                    />
                    <RadioGroup.ChoiceBox
                      value="import"
                      label="Manual production"
                      description="Upload a coupon list (Excel or CSV)."
                    />
                  </RadioGroup>
                  {codesMode === "generate" && (
                    <Field id="codes" label="Number of coupons to create" error={errors.codes}>
                      <Input id="codes" type="number" min={1} value={count} onChange={(e) => setCount(e.target.value)} />
                    </Field>
                  )}
                  {codesMode === "import" && (
                    <Field id="codes" label="Upload coupon list (.csv or .xlsx)" error={errors.codes}>
                      <Input
                        id="codes"
                        type="file"
                        accept=".csv,.xlsx"
                        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                      />
                      <TemplateLinks />
                    </Field>
                  )}
                </FormSection>
              )}
            </div>
          </FocusModal.Body>
        </form>
      </FocusModal.Content>
    </FocusModal>
  )
}
