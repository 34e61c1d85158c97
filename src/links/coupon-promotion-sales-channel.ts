import { defineLink } from "@medusajs/framework/utils"
import SalesChannelModule from "@medusajs/medusa/sales-channel"
import CouponModule from "../modules/coupon"

/**
 * "Used in Store": a promotion stores its sales channel id as a plain column (it is a rule the engine reads on every
 * cart), and this read-only link lets query.graph expand `sales_channel.name` for the admin list without a pivot table.
 */
export default defineLink(
  { linkable: CouponModule.linkable.couponPromotion, field: "sales_channel_id" },
  SalesChannelModule.linkable.salesChannel,
  { readOnly: true }
)
