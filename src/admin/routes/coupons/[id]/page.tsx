import { LoaderFunctionArgs, UIMatch, useParams } from "react-router-dom"
import { Container } from "@medusajs/ui"
import { BatchesSection } from "../../../components/batches-section"
import { CodesSection } from "../../../components/codes-section"
import { PromotionGivingSection } from "../../../components/giving-section"
import {
  PromotionGeneralSection,
  PromotionRulesSection,
  PromotionStatsSection,
} from "../../../components/promotion-sections"
import { PromotionLimitsSection } from "../../../components/promotion-limits"
import { RedemptionStatsSection } from "../../../components/redemption-stats-section"
import { ErrorState, LoadingRows } from "../../../components/states"
import { useCouponPromotion } from "../../../hooks/coupon-promotions"
import { sdk } from "../../../lib/sdk"

const CouponPromotionPage = () => {
  const { id } = useParams<{ id: string }>()
  const { data: promotion, isLoading, isError, error, refetch } = useCouponPromotion(id!)

  if (isLoading) {
    return (
      <Container className="p-0">
        <LoadingRows rows={6} />
      </Container>
    )
  }
  if (isError || !promotion) {
    return (
      <Container className="p-0">
        <ErrorState error={error ?? "Not found"} onRetry={() => refetch()} />
      </Container>
    )
  }
  const readOnly = !!promotion.archived_at
  return (
    <div className="flex flex-col gap-y-3 xl:flex-row xl:items-start xl:gap-x-4">
      <div className="flex min-w-0 flex-1 flex-col gap-y-3">
        <PromotionGeneralSection promotion={promotion} />
        <RedemptionStatsSection promotionId={promotion.id} />
        <BatchesSection promotionId={promotion.id} readOnly={readOnly} />
        <PromotionGivingSection promotion={promotion} />
        <CodesSection promotionId={promotion.id} />
      </div>
      <div className="flex w-full flex-col gap-y-3 xl:max-w-[440px]">
        <PromotionStatsSection promotion={promotion} />
        <PromotionRulesSection promotion={promotion} />
        <PromotionLimitsSection promotion={promotion} />
      </div>
    </div>
  )
}

// Only the name, for the breadcrumb; the page itself loads through react-query (and keeps it fresh).
export async function loader({ params }: LoaderFunctionArgs) {
  return sdk.client
    .fetch<{ coupon_promotion: { id: string; name: string } }>(`/admin/coupon-promotions/${params.id}`, {
      query: { fields: "id,name" },
    })
    .then((r) => r.coupon_promotion)
    .catch(() => null)
}

export const handle = {
  breadcrumb: (match: UIMatch<{ id: string; name: string } | null>) => match.data?.name ?? "Coupon promotion",
}

export default CouponPromotionPage
