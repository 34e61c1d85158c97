import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import CouponModule from "../modules/coupon"

/**
 * A coupon keeps its customer's id as a plain column (the assignment SQL writes it atomically with the state);
 * this read-only link lets query.graph expand `customer.email` in admin lists without a pivot table.
 */
export default defineLink(
  { linkable: CouponModule.linkable.coupon, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
