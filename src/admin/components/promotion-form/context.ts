// What every field group of the promotion form reads: the state, the API's messages, whether the rules are locked,
// and `set` to change one field.
import { createContext, useContext } from "react"
import type { PromotionFormState } from "./state"

export type PromotionFormProps = {
  state: PromotionFormState
  onChange: (patch: Partial<PromotionFormState>) => void
  errors: Record<string, string>
  /** Rules that can no longer change because a code was used (the API says so too). */
  lockedRules?: boolean
}

export type PromotionFormBag = PromotionFormProps & {
  set: <K extends keyof PromotionFormState>(name: K, value: PromotionFormState[K]) => void
}

const PromotionFormContext = createContext<PromotionFormBag | null>(null)

export const PromotionFormProvider = PromotionFormContext.Provider

export function usePromotionForm(): PromotionFormBag {
  const form = useContext(PromotionFormContext)
  if (!form) {
    throw new Error("usePromotionForm is used outside <PromotionForm>")
  }
  return form
}
