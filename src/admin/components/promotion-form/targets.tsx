// "Available for": all products, or chosen products, collections and categories.
import { FormSection } from "../field"
import { TargetPicker } from "../target-picker"
import { usePromotionForm } from "./context"
import { ChoiceField } from "./field"

export const TargetsSection = () => {
  const { state: s, set, errors } = usePromotionForm()
  return (
    <FormSection title="Available for">
      <ChoiceField
        name="applies_to"
        label="Apply the discount to"
        choices={[
          { value: "all", label: "All products", description: "Every product in the store." },
          {
            value: "specific",
            label: "Specific products",
            description: "Chosen products, collections or categories (products added to them later count too).",
          },
        ]}
      />
      {s.applies_to === "specific" && (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <TargetPicker
            id="target_product_ids"
            kind="products"
            label="Products"
            value={s.target_product_ids}
            onChange={(ids) => set("target_product_ids", ids)}
            error={errors.target_product_ids}
          />
          <TargetPicker
            id="target_collection_ids"
            kind="collections"
            label="Collections"
            value={s.target_collection_ids}
            onChange={(ids) => set("target_collection_ids", ids)}
            error={errors.target_collection_ids}
          />
          <TargetPicker
            id="target_category_ids"
            kind="categories"
            label="Categories"
            value={s.target_category_ids}
            onChange={(ids) => set("target_category_ids", ids)}
            error={errors.target_category_ids}
          />
        </div>
      )}
    </FormSection>
  )
}
