import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { COUPON_MODULE } from ".."
import CouponModuleService from "../service"
import { formatCounterRepairs, formatInvariantReport, InvariantReport } from "../invariants"
import { ADJUSTMENT_DESCRIPTION_PREFIX, ADJUSTMENT_PROVIDER_ID } from "../sql/invariants"
import {
  COUPON_ADJUSTMENT_PROVIDER_ID,
  couponAdjustmentDescription,
} from "../../../workflows/cart-coupons/cart-coupon-data"
import { GIFT_BALANCE_PROMOTION } from "../../../../integration-tests/helpers/gift-balance"

jest.setTimeout(120000)

const NOW = new Date("2030-01-15T12:00:00Z")
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000)
const CODES = ["INVA2001", "INVA2002", "INVA2003", "INVA2004", "INVA2005", "INVA2006"]

// What the module database lacks (Medusa's order module): the order check says so instead of failing.
const CHECKS = [
  { check: "counters", ran: true, note: "promotion and batch counters equal their codes per state" },
  { check: "orders", ran: false, note: "no order tables in this database" },
  {
    check: "reservations",
    ran: true,
    note: "no reservation without a live cart or past the timeout (timeout only: no cart table in this database)",
  },
  {
    check: "codes",
    ran: true,
    note: "codes unique once normalized, stored normalized, no live Medusa promotion code (no Medusa promotion table in this database)",
  },
  { check: "usage", ran: true, note: "each code's uses, customers and balance equal its live redemptions" },
]

moduleIntegrationTestRunner<CouponModuleService>({
  moduleName: COUPON_MODULE,
  resolve: "./src/modules/coupon",
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = (query: string, bindings: unknown[] = []) =>
      MikroOrmWrapper.getManager().getConnection().execute(query, bindings as any[])
    const check = () => service.checkCouponInvariants({ now: NOW })
    // The module runner builds tables from the models; migrations drop this key in a real database (see the model).
    const dropPromotionKey = () => sql(`ALTER TABLE coupon DROP CONSTRAINT IF EXISTS coupon_promotion_id_foreign`)
    const problems = (report: InvariantReport) =>
      report.problems.map(({ kind, count, examples, details }) => ({ kind, count, examples, details }))
    const cart = { currency_code: "eur", customer_id: null, items: [{ id: "item_1", subtotal: 200 }] }
    const reserve = (coupon_id: string, cart_id: string, customer_id: string, amount: string, at: Date) =>
      service.reserveCouponRedemptions({
        cart_id,
        customer_id,
        currency_code: "eur",
        cart,
        coupons: [{ coupon_id, amount, authenticated_customer_id: customer_id }],
        now: at,
      })

    /**
     * A consistent store, written only through the module's own operations: a generated batch with one code given,
     * one redeemed and one voided (void counts in codes_total only), a personal balance partly spent, and a
     * soft-deleted promotion whose counters stay as they were.
     */
    async function seed() {
      const promotion = await service.createCouponPromotions({
        custom_id: "INV",
        name: "Invariants",
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 10,
      })
      const batch = await service.createCouponBatches({ promotion_id: promotion.id, source: "generated" })
      await service.generateBatchCoupons({ batch_id: batch.id, count: CODES.length, generate: (n) => CODES.slice(0, n) })
      await service.assignCoupon({ promotion: promotion.id, customer_id: "cus_1" })
      const free = await service.listCoupons({ batch_id: batch.id, state: "unassigned" }, { order: { code: "ASC" } })
      await reserve(free[0].id, "cart_1", "cus_2", "20", minutesAgo(1))
      await sql(`UPDATE coupon SET state = 'void' WHERE id = ?`, [free[1].id])
      await sql(`UPDATE coupon_promotion SET codes_unassigned = codes_unassigned - 1 WHERE id = ?`, [promotion.id])
      await sql(`UPDATE coupon_batch SET codes_unassigned = codes_unassigned - 1 WHERE id = ?`, [batch.id])

      const gift = await service.createCouponPromotions({
        custom_id: "GIFT",
        name: "Gift",
        ...GIFT_BALANCE_PROMOTION,
      } as any)
      const [giftCoupon] = await service.createCoupons([
        { code: "GIFT2345", promotion_id: gift.id, state: "assigned", customer_id: "cus_gift" } as any,
      ])
      await reserve(giftCoupon.id, "cart_2", "cus_gift", "30", minutesAgo(2))

      const gone = await service.createCouponPromotions({
        custom_id: "GONE",
        name: "Deleted",
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 5,
        codes_total: 2,
        codes_unassigned: 2,
      } as any)
      await service.createCoupons([
        { code: "GONE2345", promotion_id: gone.id },
        { code: "GONE2346", promotion_id: gone.id },
      ] as any)
      await service.softDeleteCouponPromotionTree(gone.id, minutesAgo(60))
      return { promotion, batch, redeemed: free[0], voided: free[1], gift, giftCoupon }
    }

    it("reads the adjustments the cart hook writes", () => {
      expect(ADJUSTMENT_PROVIDER_ID).toBe(COUPON_ADJUSTMENT_PROVIDER_ID)
      expect(`${ADJUSTMENT_DESCRIPTION_PREFIX}ABC`).toBe(couponAdjustmentDescription("ABC"))
    })

    it("finds nothing wrong in a store written by the module itself, and skips what the database lacks", async () => {
      const { promotion } = await seed()
      expect(await service.retrieveCouponPromotion(promotion.id)).toEqual(
        expect.objectContaining({
          codes_total: 6,
          codes_unassigned: 3,
          codes_assigned: 1,
          codes_used_partially: 1,
          codes_used_fully: 0,
          customers_used: 1,
          customers_exhausted: 1,
        })
      )
      const report = await check()
      expect(report.problems).toEqual([])
      expect(report.checks.map(({ ms, ...check }) => check)).toEqual(CHECKS)
      expect(formatInvariantReport(report).slice(1)).toEqual([
        "  ok    counters: promotion and batch counters equal their codes per state",
        "  skip  orders: no order tables in this database",
        "  ok    reservations: no reservation without a live cart or past the timeout (timeout only: no cart table in this database)",
        "  ok    codes: codes unique once normalized, stored normalized, no live Medusa promotion code (no Medusa promotion table in this database)",
        "  ok    usage: each code's uses, customers and balance equal its live redemptions",
        "No problems found.",
      ])
      expect(await service.repairCouponCounters()).toEqual([])
    })

    it("reports drifted promotion and batch counters per column, and the repair sets them from the codes", async () => {
      const { promotion, batch } = await seed()
      await sql(
        `UPDATE coupon_promotion SET codes_total = codes_total + 3, codes_unassigned = 0, customers_used = 4 WHERE id = ?`,
        [promotion.id]
      )
      await sql(`UPDATE coupon_batch SET codes_assigned = 9 WHERE id = ?`, [batch.id])
      const report = await check()
      expect(problems(report)).toEqual([
        { kind: "batch_counters", count: 1, examples: [batch.id], details: ["codes_assigned"] },
        {
          kind: "promotion_counters",
          count: 1,
          examples: [promotion.id],
          details: ["codes_total", "codes_unassigned", "customers_used"],
        },
      ])
      expect(formatInvariantReport(report).slice(1)).toEqual([
        `  FAIL  batch_counters (1): coupon batches whose counters differ from their codes [codes_assigned]; e.g. ${batch.id}`,
        `  FAIL  promotion_counters (1): coupon promotions whose counters differ from their codes [codes_total, codes_unassigned, customers_used]; e.g. ${promotion.id}`,
        "  skip  orders: no order tables in this database",
        "  ok    reservations: no reservation without a live cart or past the timeout (timeout only: no cart table in this database)",
        "  ok    codes: codes unique once normalized, stored normalized, no live Medusa promotion code (no Medusa promotion table in this database)",
        "  ok    usage: each code's uses, customers and balance equal its live redemptions",
        "2 kind(s) of problem found. Run with `fix` to repair: batch_counters, promotion_counters.",
      ])

      const repairs = await service.repairCouponCounters()
      expect(repairs).toEqual([
        { table: "coupon_promotion", id: promotion.id, column: "codes_total", from: 9, to: 6 },
        { table: "coupon_promotion", id: promotion.id, column: "codes_unassigned", from: 0, to: 3 },
        { table: "coupon_promotion", id: promotion.id, column: "customers_used", from: 4, to: 1 },
        { table: "coupon_batch", id: batch.id, column: "codes_assigned", from: 9, to: 1 },
      ])
      expect(formatCounterRepairs(repairs)[0]).toBe("Repair: 4 counter(s) on 2 row(s) set from their codes, in one transaction:")
      expect((await check()).problems).toEqual([])
      expect(await service.retrieveCouponBatch(batch.id)).toEqual(
        expect.objectContaining({ codes_total: 6, codes_unassigned: 3, codes_assigned: 1, codes_used_partially: 1 })
      )
    })

    it("repairs under the writers' locks: a give in flight is waited for, then counted", async () => {
      const { promotion, batch } = await seed()
      await sql(`UPDATE coupon_promotion SET codes_total = 7 WHERE id = ?`, [promotion.id])
      const [free] = await service.listCoupons({ batch_id: batch.id, state: "unassigned" }, { take: 1 })
      // An assignment in another transaction, as ./assignment.ts writes it: promotion row first, then code and counters.
      const writer = await MikroOrmWrapper.getManager().getConnection().getKnex().transaction()
      await writer.raw(`SELECT 1 FROM coupon_promotion WHERE id = ? FOR UPDATE`, [promotion.id])
      await writer.raw(`UPDATE coupon SET state = 'assigned', customer_id = 'cus_late' WHERE id = ?`, [free.id])
      await writer.raw(
        `UPDATE coupon_batch SET codes_unassigned = codes_unassigned - 1, codes_assigned = codes_assigned + 1 WHERE id = ?`,
        [batch.id]
      )
      let settled = false
      const repair = service.repairCouponCounters().finally(() => (settled = true))
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(settled).toBe(false)
      await writer.raw(
        `UPDATE coupon_promotion SET codes_unassigned = codes_unassigned - 1, codes_assigned = codes_assigned + 1
          WHERE id = ?`,
        [promotion.id]
      )
      await writer.commit()
      expect(await repair).toEqual([{ table: "coupon_promotion", id: promotion.id, column: "codes_total", from: 7, to: 6 }])
      expect((await check()).problems).toEqual([])
    })

    it("reports codes whose promotion or batch is missing; the repair fixes only the counters they moved", async () => {
      const { promotion } = await seed()
      await dropPromotionKey()
      await sql(`INSERT INTO coupon (id, code, promotion_id) VALUES ('coupon_orphan1', 'ORPH2345', 'cpromo_gone')`)
      await sql(`INSERT INTO coupon (id, code, promotion_id, batch_id) VALUES ('coupon_orphan2', 'ORPH2346', ?, 'cbatch_gone')`, [
        promotion.id,
      ])
      expect(problems(await check())).toEqual([
        { kind: "coupon_in_foreign_batch", count: 1, examples: ["coupon_orphan2"], details: ["cbatch_gone"] },
        { kind: "coupon_without_promotion", count: 1, examples: ["coupon_orphan1"], details: ["cpromo_gone"] },
        { kind: "promotion_counters", count: 1, examples: [promotion.id], details: ["codes_total", "codes_unassigned"] },
      ])
      expect(await service.repairCouponCounters()).toEqual([
        { table: "coupon_promotion", id: promotion.id, column: "codes_total", from: 6, to: 7 },
        { table: "coupon_promotion", id: promotion.id, column: "codes_unassigned", from: 3, to: 4 },
      ])
      expect(problems(await check()).map((problem) => problem.kind)).toEqual([
        "coupon_in_foreign_batch",
        "coupon_without_promotion",
      ])
    })

    it("reports reservations past the timeout, and with a cart table those without a live cart", async () => {
      const { promotion, voided } = await seed()
      // A stray reservation the job never settled: 16 minutes is within 15 + 5, 30 is not.
      await service.createCouponRedemptions([
        { id: "credeem_recent", coupon_id: voided.id, promotion_id: promotion.id, cart_id: "cart_3", amount: 1, currency_code: "eur", reserved_at: minutesAgo(16) },
        { id: "credeem_stale", coupon_id: voided.id, promotion_id: promotion.id, cart_id: "cart_4", amount: 1, currency_code: "eur", reserved_at: minutesAgo(30) },
      ] as any)
      // Written past the module, so neither the code's counters nor the promotion's totals moved.
      const usage = [
        { kind: "coupon_customers", count: 1, examples: [voided.id], details: [] },
        { kind: "coupon_uses", count: 1, examples: [voided.id], details: [] },
        { kind: "promotion_totals", count: 1, examples: [promotion.id], details: ["orders_count"] },
      ]
      expect(problems(await check())).toEqual([
        { kind: "stale_reservation", count: 1, examples: ["credeem_stale"], details: [] },
        ...usage,
      ])

      // Medusa's cart table, as far as the check reads it. cart_1 completed 10 minutes ago, cart_2 just now (the
      // order.placed subscriber still has time), cart_3 was deleted, cart_4 never existed.
      await sql(`CREATE TABLE cart (id text PRIMARY KEY, completed_at timestamptz, deleted_at timestamptz)`)
      await sql(`INSERT INTO cart VALUES ('cart_1', ?, NULL), ('cart_2', ?, NULL), ('cart_3', NULL, ?)`, [
        minutesAgo(10),
        minutesAgo(1),
        minutesAgo(1),
      ])
      const [first] = await service.listCouponRedemptions({ cart_id: "cart_1" })
      const report = await check()
      expect({ ...report.checks[2], ms: undefined }).toEqual({
        check: "reservations",
        ran: true,
        note: "no reservation without a live cart or past the timeout",
        ms: undefined,
      })
      expect(problems(report)).toEqual([
        { kind: "reservation_on_completed_cart", count: 1, examples: [first.id], details: [] },
        { kind: "reservation_without_cart", count: 2, examples: ["credeem_recent", "credeem_stale"], details: [] },
        { kind: "stale_reservation", count: 1, examples: ["credeem_stale"], details: [] },
        ...usage,
      ])
      expect(formatInvariantReport(report)).toContain(
        "  FAIL  stale_reservation (1): stale reservations the job has not settled (older than 15 + 5 min); e.g. credeem_stale"
      )
      expect(await service.repairCouponCounters()).toEqual([])
    })

    it("reports duplicate, unnormalized and Medusa promotion codes, and a missing unique index", async () => {
      await seed()
      await dropPromotionKey()
      await sql(`INSERT INTO coupon (id, code, promotion_id) VALUES ('coupon_lower', ' inva2003', 'cpromo_gone')`)
      await sql(`CREATE TABLE promotion (id text PRIMARY KEY, code text, deleted_at timestamptz)`)
      await sql(`INSERT INTO promotion VALUES ('promo_live', 'inva2004', NULL), ('promo_old', 'INVA2005', now())`)
      let report = await check()
      expect(problems(report).filter((problem) => problem.kind !== "coupon_without_promotion")).toEqual([
        { kind: "code_is_medusa_promotion", count: 1, examples: ["INVA2004"], details: ["promo_live"] },
        { kind: "code_not_normalized", count: 1, examples: ["coupon_lower"], details: [] },
        { kind: "duplicate_code", count: 1, examples: ["INVA2003"], details: [] },
      ])

      await sql(`DROP INDEX "IDX_coupon_code_unique"`)
      await sql(`INSERT INTO coupon (id, code, promotion_id) VALUES ('coupon_twin', 'INVA2006', 'cpromo_gone')`)
      report = await check()
      expect(problems(report).filter((problem) => ["duplicate_code", "code_index_missing"].includes(problem.kind))).toEqual([
        { kind: "code_index_missing", count: 1, examples: ["IDX_coupon_code_unique"], details: [] },
        { kind: "duplicate_code", count: 2, examples: ["INVA2003", "INVA2006"], details: [] },
      ])
    })

    it("reports codes whose uses, customers or balance differ from their live redemptions", async () => {
      const { redeemed, giftCoupon } = await seed()
      await sql(`UPDATE coupon SET uses_count = 2 WHERE id = ?`, [redeemed.id])
      await sql(`UPDATE coupon SET amount_used = 50, customers_exhausted = 1 WHERE id = ?`, [giftCoupon.id])
      expect(problems(await check())).toEqual([
        // The promotion's customers_exhausted is the sum over its codes: it now disagrees with the code as well.
        { kind: "promotion_counters", count: 1, examples: [giftCoupon.promotion_id], details: ["customers_exhausted"] },
        { kind: "coupon_balance", count: 1, examples: [giftCoupon.id], details: [] },
        { kind: "coupon_customers", count: 1, examples: [giftCoupon.id], details: [] },
        { kind: "coupon_uses", count: 1, examples: [redeemed.id], details: [] },
      ])
      // Releasing a redemption by hand (no counters moved) shows the other way round.
      await sql(`UPDATE coupon SET uses_count = 1 WHERE id = ?`, [redeemed.id])
      await sql(`UPDATE coupon SET amount_used = 30, customers_exhausted = 0 WHERE id = ?`, [giftCoupon.id])
      await sql(`UPDATE coupon_redemption SET state = 'released' WHERE coupon_id = ?`, [giftCoupon.id])
      expect(problems(await check())).toEqual([
        { kind: "coupon_balance", count: 1, examples: [giftCoupon.id], details: [] },
        { kind: "coupon_customers", count: 1, examples: [giftCoupon.id], details: [] },
        { kind: "coupon_uses", count: 1, examples: [giftCoupon.id], details: [] },
        // The promotion still counts the released use in its totals.
        { kind: "promotion_totals", count: 1, examples: [giftCoupon.promotion_id], details: ["orders_count"] },
      ])
    })

    it("reports a promotion whose discount_used differs from its live redemptions, whatever the decimal spelling", async () => {
      const { giftCoupon } = await seed()
      const [row] = await sql(`SELECT orders_count, discount_used FROM coupon_promotion WHERE id = ?`, [giftCoupon.promotion_id])
      expect(row.orders_count).toBeGreaterThan(0)
      const [currency, used] = Object.entries(row.discount_used as Record<string, string>)[0]
      // The same amount written with other trailing zeros is no difference.
      await sql(`UPDATE coupon_promotion SET discount_used = jsonb_build_object(?::text, ?::text) WHERE id = ?`, [
        currency,
        `${used}${String(used).includes(".") ? "0" : ".00"}`,
        giftCoupon.promotion_id,
      ])
      expect(problems(await check())).toEqual([])
      await sql(`UPDATE coupon_promotion SET discount_used = jsonb_build_object(?::text, '0.01') WHERE id = ?`, [
        currency,
        giftCoupon.promotion_id,
      ])
      expect(problems(await check())).toEqual([
        { kind: "promotion_totals", count: 1, examples: [giftCoupon.promotion_id], details: ["discount_used"] },
      ])
    })
  },
})
