// "Exclusions": products, collections and categories that never get the discount, whatever "Available for" says.
import { FormSection } from "../field"
import { TargetPicker } from "../target-picker"
import { usePromotionForm } from "./context"

export const ExclusionsSection = () => {
  const { state: s, set, errors } = usePromotionForm()
  return (
    <FormSection
      title="Exclusions"
      description="Never discounted, and not counted toward the minimum purchase (products added to them later count too)."
    >
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <TargetPicker
          id="excluded_product_ids"
          kind="products"
          label="Excluded products"
          value={s.excluded_product_ids}
          onChange={(ids) => set("excluded_product_ids", ids)}
          error={errors.excluded_product_ids}
        />
        <TargetPicker
          id="excluded_collection_ids"
          kind="collections"
          label="Excluded collections"
          value={s.excluded_collection_ids}
          onChange={(ids) => set("excluded_collection_ids", ids)}
          error={errors.excluded_collection_ids}
        />
        <TargetPicker
          id="excluded_category_ids"
          kind="categories"
          label="Excluded categories"
          value={s.excluded_category_ids}
          onChange={(ids) => set("excluded_category_ids", ids)}
          error={errors.excluded_category_ids}
        />
      </div>
    </FormSection>
  )
}
