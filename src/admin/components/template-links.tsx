import { ArrowDownTray } from "@medusajs/icons"
import { Button } from "@medusajs/ui"
import { downloadFile } from "../hooks/download"

/** The empty import templates (uStore "Download Coupon Excel template"). */
export const TemplateLinks = () => (
  <div className="flex flex-wrap gap-2">
    <Button
      size="small"
      variant="transparent"
      type="button"
      onClick={() => downloadFile("/admin/coupons/template.xlsx", "coupon-codes-template.xlsx")}
    >
      <ArrowDownTray /> Excel template
    </Button>
    <Button
      size="small"
      variant="transparent"
      type="button"
      onClick={() => downloadFile("/admin/coupons/template.csv", "coupon-codes-template.csv")}
    >
      <ArrowDownTray /> CSV template
    </Button>
  </div>
)
