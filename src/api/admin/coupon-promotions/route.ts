import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { COUPON_MODULE } from "../../../modules/coupon"
import type CouponModuleService from "../../../modules/coupon/service"
import { PROMOTION_LIST_ORDER_COLUMNS, PromotionListOrderColumn } from "../../../modules/coupon/sql/promotion-admin"
import { createCouponPromotionWorkflow } from "../../../workflows/coupon-promotions"
import { now } from "../../../lib/clock"
import { refetchCouponPromotion, withComputedStatus } from "./helpers"
import { attachSalesChannels, listRowsPlan } from "./list-rows"
import { promotionStatusInputFields } from "./query-config"
import { AdminCreateCouponPromotionType, AdminGetCouponPromotionsParamsType } from "./validators"

/**
 * The coupon promotions list (uStore "Coupons" tab): stats from counters, computed status, filter by that status
 * (`status=active,expired`) and search by name / custom ID (`q`). Postgres picks and counts the page (the status
 * filter is SQL, see modules/coupon/sql/promotion-status.ts). The page's rows come with it when every field is a plain
 * column (./list-rows.ts: query.graph's entities cost more than the rest of the request); otherwise query.graph
 * loads the fields for those ids.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetCouponPromotionsParamsType>,
  res: MedusaResponse
) => {
  const { q, status } = req.filterableFields as { q?: string; status?: AdminGetCouponPromotionsParamsType["status"] }
  const { skip = 0, take = 20, order } = req.queryConfig.pagination as {
    skip?: number
    take?: number
    order?: Record<string, "ASC" | "DESC">
  }
  const [orderColumn, direction] = Object.entries(order ?? { created_at: "DESC" })[0]
  if (!PROMOTION_LIST_ORDER_COLUMNS.includes(orderColumn as PromotionListOrderColumn)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Coupon promotions cannot be ordered by '${orderColumn}' (use one of: ${PROMOTION_LIST_ORDER_COLUMNS.join(", ")})`
    )
  }
  const at = now()
  const fields = [...new Set([...req.queryConfig.fields, ...promotionStatusInputFields])]
  // The default fields (and most others) are plain columns the module reads itself; query.graph serves the rest.
  const plan = listRowsPlan(fields)
  const { ids, count, rows } = await req.scope.resolve<CouponModuleService>(COUPON_MODULE).listCouponPromotionIdsForAdmin({
    statuses: status,
    q,
    now: at,
    order: { column: orderColumn as PromotionListOrderColumn, direction: direction === "DESC" ? "DESC" : "ASC" },
    limit: take,
    offset: skip,
    rows: plan?.rows,
  })

  let coupon_promotions: Record<string, unknown>[] = []
  if (rows && plan) {
    coupon_promotions = withComputedStatus(await attachSalesChannels(req.scope, rows, plan), at)
  } else if (ids.length) {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "coupon_promotion", fields, filters: { id: ids } })
    const byId = new Map(data.map((p: { id: string }) => [p.id, p]))
    coupon_promotions = withComputedStatus(
      ids.map((id) => byId.get(id)).filter(Boolean) as Record<string, unknown>[],
      at
    )
  }
  res.json({ coupon_promotions, count, offset: skip, limit: take })
}

/** uStore "New Coupon Batch" / User.com "Start new promotion". */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateCouponPromotionType>,
  res: MedusaResponse
) => {
  const { result } = await createCouponPromotionWorkflow(req.scope).run({ input: req.validatedBody })
  const coupon_promotion = await refetchCouponPromotion(req.scope, result.id, req.queryConfig.fields)
  res.status(200).json({ coupon_promotion })
}
