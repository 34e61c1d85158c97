import { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { seedDemoStore } from "../dev/demo-store"
import { createAdminHeaders } from "../integration-tests/helpers/auth"
import { createCouponPromotion } from "../integration-tests/helpers/checkout"
import { prepareCheckoutCarts } from "../integration-tests/helpers/redemption"
import { COUPON_MODULE } from "../src/modules/coupon"

const TSHIRT = 3
const CARTS = 20

/**
 * `medusa exec ./scripts/faults-seed.ts` (run by scripts/test-faults.js): a demo store and an admin token; an empty
 * promotion for the background generation and one for the import; and 20 ready carts of 20 customers, each carrying
 * two promotion codes (10% for the "first 30 customers", and 5.00 EUR off), for the completion burst. Prints one
 * `FAULTS_SEED {json}` line with what the suite needs.
 */
export default async function faultsSeed({ container }: ExecArgs) {
  const store = await seedDemoStore(container)
  const admin = await createAdminHeaders(container, "faults-admin@coupons.test")
  const service = container.resolve(COUPON_MODULE)
  const [generated, imported] = await service.createCouponPromotions([
    {
      custom_id: "FAULTS-GENERATE",
      name: "Faults: background generation",
      coupon_type: "promotion_code",
      discount_type: "percentage",
      discount_value: 10,
    },
    {
      custom_id: "FAULTS-IMPORT",
      name: "Faults: import",
      coupon_type: "promotion_code",
      discount_type: "percentage",
      discount_value: 10,
    },
  ])
  const first = await createCouponPromotion(
    container,
    {
      custom_id: "FAULTS-FIRST30",
      usage_per_code: "first_customers",
      usage_per_code_limit: 30,
      codes_total: 1,
      codes_unassigned: 1,
    },
    ["FAULTSFIRST30"]
  )
  const five = await createCouponPromotion(
    container,
    {
      custom_id: "FAULTS-FIVE",
      discount_type: "fixed",
      discount_value: 5,
      currency_code: "eur",
      codes_total: 1,
      codes_unassigned: 1,
    },
    ["FAULTSFIVEOFF"]
  )
  const people = await container
    .resolve(Modules.CUSTOMER)
    .createCustomers(
      Array.from({ length: CARTS }, (_, i) => ({ email: `faults${i}@coupons.test`, has_account: true }))
    )
  const carts = await prepareCheckoutCarts(
    container,
    store,
    people.map((person, i) => ({
      customer_id: person.id,
      email: person.email,
      lines: [{ product: TSHIRT, quantity: 1 + (i % 2) }],
    })),
    ["FAULTSFIRST30", "FAULTSFIVEOFF"]
  )
  // eslint-disable-next-line no-console
  console.log(
    `FAULTS_SEED ${JSON.stringify({
      adminAuthorization: admin.headers.authorization,
      publishableKey: store.publishableKey,
      generatePromotionId: generated.id,
      importPromotionId: imported.id,
      checkout: {
        promotionIds: [first.promotion.id, five.promotion.id],
        couponIds: [first.coupons[0].id, five.coupons[0].id],
        carts,
      },
    })}`
  )
}
