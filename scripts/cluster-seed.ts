import { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { seedDemoStore } from "../dev/demo-store"
import { createCouponPromotion } from "../integration-tests/helpers/checkout"
import { prepareCheckoutCarts } from "../integration-tests/helpers/redemption"
import { seedGiftBalanceCarts } from "../integration-tests/helpers/checkout-races"

const TSHIRT = 3

/**
 * `medusa exec ./scripts/cluster-seed.ts` (run by scripts/test-cluster.js): a demo store, a "first 20 customers" code
 * with 200 ready carts of 200 customers, and a 100.00 personal balance with 50 ready carts of its owner. Prints one
 * `CLUSTER_SEED {json}` line with what the cluster test needs.
 */
export default async function clusterSeed({ container }: ExecArgs) {
  const store = await seedDemoStore(container)
  const customerModule = container.resolve(Modules.CUSTOMER)
  const { promotion, coupons } = await createCouponPromotion(
    container,
    {
      custom_id: "CLUSTER-FIRST20",
      usage_per_code: "first_customers",
      usage_per_code_limit: 20,
      codes_total: 1,
      codes_unassigned: 1,
    },
    ["CLUSTERFIRST20"]
  )
  const people = await customerModule.createCustomers(
    Array.from({ length: 200 }, (_, i) => ({ email: `cluster${i}@coupons.test`, has_account: true }))
  )
  const firstCarts = await prepareCheckoutCarts(
    container,
    store,
    people.map((person) => ({ customer_id: person.id, email: person.email, lines: [{ product: TSHIRT, quantity: 2 }] })),
    ["CLUSTERFIRST20"]
  )

  const [owner] = await customerModule.createCustomers([{ email: "cluster-gift@coupons.test", has_account: true }])
  const gift = await seedGiftBalanceCarts(container, store, {
    owner,
    code: "CLUSTERGIFT100",
    carts: 50,
    promotion: { custom_id: "CLUSTER-GIFT" },
  })
  // eslint-disable-next-line no-console
  console.log(
    `CLUSTER_SEED ${JSON.stringify({
      publishableKey: store.publishableKey,
      first: { promotionId: promotion.id, couponId: coupons[0].id, carts: firstCarts },
      gift: { couponId: gift.coupons[0].id, carts: gift.cartIds },
    })}`
  )
}
