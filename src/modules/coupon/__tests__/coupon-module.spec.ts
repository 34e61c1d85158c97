import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from ".."
import CouponModuleService from "../service"

jest.setTimeout(60000)

moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service }) => {
    const basePromotion = {
      custom_id: "SPRING",
      name: "Spring sale",
      coupon_type: "promotion_code" as const,
      discount_type: "percentage" as const,
      discount_value: 10,
    }

    describe("coupon module", () => {
      it("creates a promotion with the uStore defaults", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        expect(promotion).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^cpromo_/),
            status: "active",
            inactive_message: "The coupon is inactive until further notice",
            applies_to: "all",
            usage_per_customer: "one_order",
            usage_per_code: "unlimited",
            time_span_type: "unlimited",
            target_product_ids: [],
            codes_total: 0,
          })
        )
        expect(Number(promotion.min_purchase)).toBe(0)
        expect(Number(promotion.discount_value)).toBe(10)
      })

      it("refuses a second live promotion with the same custom ID", async () => {
        await service.createCouponPromotions(basePromotion)
        await expect(service.createCouponPromotions({ ...basePromotion, name: "Other" })).rejects.toThrow(
          /already exists/
        )
        expect(await service.listCouponPromotions({ custom_id: "SPRING" })).toHaveLength(1)
      })

      it("keeps codes unique across the whole system, soft-deleted ones included", async () => {
        const a = await service.createCouponPromotions(basePromotion)
        const b = await service.createCouponPromotions({ ...basePromotion, custom_id: "SUMMER" })
        const [first] = await service.createCoupons([{ code: "ABCDEFGH23", promotion_id: a.id }])
        await expect(service.createCoupons([{ code: "ABCDEFGH23", promotion_id: b.id }])).rejects.toThrow(
          /already exists/
        )
        await service.softDeleteCoupons([first.id])
        await expect(service.createCoupons([{ code: "ABCDEFGH23", promotion_id: b.id }])).rejects.toThrow(
          /already exists/
        )
        expect(await service.listCoupons({ promotion_id: b.id })).toHaveLength(0)
      })

      it("links batches, coupons and redemptions to their promotion", async () => {
        const promotion = await service.createCouponPromotions(basePromotion)
        const batch = await service.createCouponBatches({ promotion_id: promotion.id, source: "generated" })
        const [coupon] = await service.createCoupons([
          { code: "QWERTYUP", promotion_id: promotion.id, batch_id: batch.id },
        ])
        await service.createCouponRedemptions({
          coupon_id: coupon.id,
          promotion_id: promotion.id,
          cart_id: "cart_1",
          amount: 5,
          currency_code: "eur",
          reserved_at: new Date(),
        })
        const [loaded] = await service.listCouponPromotions(
          { id: promotion.id },
          { relations: ["batches", "coupons", "coupons.redemptions"] }
        )
        expect(loaded.batches.map((b) => b.id)).toEqual([batch.id])
        expect(loaded.coupons[0].redemptions[0]).toEqual(expect.objectContaining({ state: "reserved", cart_id: "cart_1" }))
      })

      it("exposes resolved plugin options", () => {
        expect(service.getOptions().codes).toEqual({ length: 10, alphabet: "ABCDEFGHJKMNPQRSTUVWXYZ23456789" })
      })
    })
  },
})
