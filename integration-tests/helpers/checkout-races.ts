// Checkout races: many ready carts that complete at once against one limited coupon. Seeded the same way by
// checkout-redemption.spec.ts and by scripts/cluster-seed.ts (which races them across two app instances).
import { MedusaContainer } from "@medusajs/framework/types"
import { DemoStore } from "../../dev/demo-store"
import { createCouponPromotion } from "./checkout"
import { GIFT_BALANCE_PROMOTION } from "./gift-balance"
import { prepareCheckoutCarts } from "./redemption"

const TSHIRT = 3 // 15.00

/**
 * A 100.00 personal balance given to `owner` as `code`, and `carts` ready carts of the owner with one or two T-shirts
 * (so carts take different bites out of the balance). `promotion` adds promotion fields (e.g. a custom_id).
 */
export async function seedGiftBalanceCarts(
  container: MedusaContainer,
  store: DemoStore,
  input: { owner: { id: string; email: string }; code: string; carts: number; promotion?: Record<string, unknown> }
) {
  const { promotion, coupons } = await createCouponPromotion(
    container,
    { ...input.promotion, ...GIFT_BALANCE_PROMOTION },
    [{ code: input.code, customer_id: input.owner.id, state: "assigned" }]
  )
  const cartIds = await prepareCheckoutCarts(
    container,
    store,
    Array.from({ length: input.carts }, (_, i) => ({
      customer_id: input.owner.id,
      email: input.owner.email,
      lines: [{ product: TSHIRT, quantity: 1 + (i % 2) }],
    })),
    [input.code]
  )
  return { promotion, coupons, cartIds }
}
