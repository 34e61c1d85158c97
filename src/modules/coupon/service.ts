import { MedusaService } from "@medusajs/framework/utils"
import CouponPromotion from "./models/coupon-promotion"
import CouponBatch from "./models/coupon-batch"
import Coupon from "./models/coupon"
import CouponRedemption from "./models/coupon-redemption"
import { CouponPluginOptions, DEFAULT_PLUGIN_OPTIONS, ResolvedCouponPluginOptions } from "./types"

type InjectedDependencies = Record<string, unknown>

class CouponModuleService extends MedusaService({
  CouponPromotion,
  CouponBatch,
  Coupon,
  CouponRedemption,
}) {
  protected readonly options_: ResolvedCouponPluginOptions

  constructor(container: InjectedDependencies, options: CouponPluginOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = {
      ...DEFAULT_PLUGIN_OPTIONS,
      ...options,
      codes: { ...DEFAULT_PLUGIN_OPTIONS.codes, ...(options.codes ?? {}) },
    }
  }

  /** Plugin options reach module services, not subscribers (Medusa 2.21): everyone reads them here. */
  getOptions(): ResolvedCouponPluginOptions {
    return this.options_
  }
}

export default CouponModuleService
