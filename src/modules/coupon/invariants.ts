import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import {
  BATCH_COUNTER_COLUMNS,
  BATCH_OWNERS_SQL,
  COUNTERS_SQL,
  CounterColumn,
  DRIFTED_SQL,
  EXPECTED_COUNTERS_SQL,
  LOCK_BATCHES_SQL,
  LOCK_PROMOTIONS_SQL,
  ORDER_REDEMPTIONS_SQL,
  PROMOTION_COUNTER_COLUMNS,
  SNAPSHOT_SQL,
  TABLE_PRESENCE_SQL,
  USAGE_SQL,
  PROMOTION_TOTALS_SQL,
  codesSql,
  lockTimeoutSql,
  reservationsSql,
  summarizeSql,
  updateCountersSql,
} from "./sql/invariants"

/**
 * The data check behind src/scripts/check-coupon-invariants.ts (issue 15, crash safety): what must hold between the
 * plugin's counters, its rows, its redemption ledger and Medusa's orders and carts, checked in one read-only
 * snapshot; and the one repair that is always safe, counters set back to what their rows say.
 */

export type InvariantCheck = "counters" | "orders" | "reservations" | "codes" | "usage"

export type InvariantProblem = {
  check: InvariantCheck
  kind: string
  /** Rows found wrong (promotions, codes, orders, redemptions: see `description`). */
  count: number
  /** Up to 10, in sort order: ids, or for codes and orders the code itself ("order_… CODE"). */
  examples: string[]
  /** Counter columns that differ; the missing promotion / batch of orphaned codes. */
  details: string[]
  /** --fix repairs it. */
  fixable: boolean
  description: string
}

export type InvariantReport = {
  checked_at: Date
  checks: { check: InvariantCheck; ran: boolean; note: string; ms: number }[]
  problems: InvariantProblem[]
  duration_ms: number
}

export type CheckInvariantsOptions = {
  now: Date
  /** The plugin option: reservations older than this are the job's to settle. */
  reservationTimeoutMinutes: number
  /** Slack for the subscribers and the minute job: newer orders, cancellations and completions are not judged. */
  graceMinutes: number
}

export const DEFAULT_INVARIANT_GRACE_MINUTES = 5

export type CounterRepair = { table: "coupon_promotion" | "coupon_batch"; id: string; column: string; from: number; to: number }

const CHECK_NOTES: Record<InvariantCheck, string> = {
  counters: "promotion and batch counters equal their codes per state",
  orders: "every order with a coupon discount has one confirmed redemption per code, and back",
  reservations: "no reservation without a live cart or past the timeout",
  codes: "codes unique once normalized, stored normalized, no live Medusa promotion code",
  usage: "each code's uses, customers and balance equal its live redemptions",
}

const KINDS: Record<string, { check: InvariantCheck; what: (o: CheckInvariantsOptions) => string; fixable?: boolean }> =
  {
    promotion_counters: {
      check: "counters",
      what: () => "coupon promotions whose counters differ from their codes",
      fixable: true,
    },
    batch_counters: { check: "counters", what: () => "coupon batches whose counters differ from their codes", fixable: true },
    coupon_without_promotion: { check: "counters", what: () => "codes whose promotion does not exist" },
    coupon_in_foreign_batch: { check: "counters", what: () => "codes whose batch is missing or another promotion's" },
    order_without_redemption: {
      check: "orders",
      what: () => "order codes (order id, code) discounted without a confirmed redemption",
    },
    order_redeemed_twice: { check: "orders", what: () => "order codes (order id, code) with several confirmed redemptions" },
    redemption_order_missing: { check: "orders", what: () => "confirmed redemptions whose order does not exist" },
    redemption_without_adjustment: {
      check: "orders",
      what: () => "confirmed redemptions whose order carries no discount of their code",
    },
    redemption_order_canceled: { check: "orders", what: () => "confirmed redemptions of canceled orders, not released" },
    reservation_without_cart: { check: "reservations", what: () => "reservations whose cart does not exist or is deleted" },
    reservation_on_completed_cart: {
      check: "reservations",
      what: (o) => `reservations whose cart completed over ${o.graceMinutes} min ago without an order confirming them`,
    },
    stale_reservation: {
      check: "reservations",
      what: (o) =>
        `stale reservations the job has not settled (older than ${o.reservationTimeoutMinutes} + ${o.graceMinutes} min)`,
    },
    duplicate_code: { check: "codes", what: () => "codes held by several coupons once trimmed and upper-cased" },
    code_not_normalized: { check: "codes", what: () => "coupons whose code is not stored trimmed and upper-case" },
    code_index_missing: { check: "codes", what: () => "unique index on coupon.code missing or invalid" },
    code_is_medusa_promotion: { check: "codes", what: () => "codes that are also a live Medusa promotion code" },
    coupon_uses: { check: "usage", what: () => "coupons whose uses_count differs from their live redemptions" },
    coupon_customers: {
      check: "usage",
      what: () => "coupons whose customers_count or customers_exhausted differs from their live redemptions",
    },
    promotion_totals: {
      check: "usage",
      what: () => "promotions whose orders_count or discount_used differs from their live redemptions",
    },
    coupon_balance: {
      check: "usage",
      what: () => "personal fixed coupons whose amount_used differs from their live redemptions' amounts",
    },
  }

type SummaryRow = { kind: string; count: number; examples: string[]; details: string[] }

const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000)

/**
 * Runs every check in one REPEATABLE READ, READ ONLY transaction: counters and the rows they count are compared as
 * of one instant, so a checkout or a batch load committing meanwhile cannot show up as a difference.
 */
export async function checkInvariants(knex: Knex, options: CheckInvariantsOptions): Promise<InvariantReport> {
  const started = Date.now()
  return await knex.transaction(async (trx) => {
    await trx.raw(SNAPSHOT_SQL)
    const { rows: presence } = await trx.raw(TABLE_PRESENCE_SQL)
    const tables = presence[0] as { orders: boolean; carts: boolean; promotions: boolean }
    const graceBefore = minutesBefore(options.now, options.graceMinutes)
    const staleBefore = minutesBefore(options.now, options.reservationTimeoutMinutes + options.graceMinutes)

    const checks: InvariantReport["checks"] = []
    const problems: InvariantProblem[] = []
    const run = async (check: InvariantCheck, sql: string | null, bindings: unknown[], note?: string, weighted = false) => {
      if (sql === null) {
        checks.push({ check, ran: false, note: note!, ms: 0 })
        return
      }
      const at = Date.now()
      const { rows } = await trx.raw(summarizeSql(sql, weighted), bindings as any[])
      checks.push({ check, ran: true, note: note ?? CHECK_NOTES[check], ms: Date.now() - at })
      for (const row of rows as SummaryRow[]) {
        const kind = KINDS[row.kind]
        problems.push({
          check,
          kind: row.kind,
          count: row.count,
          examples: row.examples,
          details: row.details,
          fixable: !!kind.fixable,
          description: kind.what(options),
        })
      }
    }

    await run("counters", COUNTERS_SQL, [], undefined, true)
    await run(
      "orders",
      tables.orders ? ORDER_REDEMPTIONS_SQL : null,
      [graceBefore, graceBefore],
      tables.orders ? undefined : "no order tables in this database"
    )
    await run(
      "reservations",
      reservationsSql(tables.carts),
      tables.carts ? [staleBefore, graceBefore] : [staleBefore],
      tables.carts ? undefined : `${CHECK_NOTES.reservations} (timeout only: no cart table in this database)`
    )
    await run(
      "codes",
      codesSql(tables.promotions),
      [],
      tables.promotions ? undefined : `${CHECK_NOTES.codes} (no Medusa promotion table in this database)`
    )
    await run("usage", `SELECT * FROM (${USAGE_SQL}) u UNION ALL SELECT * FROM (${PROMOTION_TOTALS_SQL}) t`, [])
    return { checked_at: options.now, checks, problems, duration_ms: Date.now() - started }
  })
}

type CounterRow = { id: string } & Record<CounterColumn, number | string>

/**
 * Sets drifted promotion and batch counters to what their codes say, inside the caller's transaction. Candidates come
 * from the check's scan; then their promotion rows and batch rows are locked in that order, by id (the order of
 * every writer: assignment, redemption, batch loads), and recounted under the locks, so the counts written are exact
 * even while the store runs. Returns every changed value.
 */
export async function repairCounters(trx: Knex, lockTimeoutMs: number): Promise<CounterRepair[]> {
  const { rows: drifted } = await trx.raw(DRIFTED_SQL)
  if (!drifted.length) {
    return []
  }
  const promotionIds: string[] = drifted.filter((r: any) => r.kind === "promotion_counters").map((r: any) => r.example)
  const batchIds: string[] = drifted.filter((r: any) => r.kind === "batch_counters").map((r: any) => r.example)
  await trx.raw(lockTimeoutSql(lockTimeoutMs))
  const { rows: owners } = await trx.raw(BATCH_OWNERS_SQL, [batchIds])
  const lockedPromotionIds = Array.from(new Set([...promotionIds, ...owners.map((r: any) => r.promotion_id)]))
  const { rows: promotions } = await trx.raw(LOCK_PROMOTIONS_SQL, [lockedPromotionIds])
  const { rows: batches } = await trx.raw(LOCK_BATCHES_SQL, [batchIds])
  const { rows: expected } = await trx.raw(EXPECTED_COUNTERS_SQL, [lockedPromotionIds, promotionIds, batchIds])
  const of = (table: string) => expected.filter((row: any) => row.table_name === table)
  return [
    ...(await writeCounters(trx, "coupon_promotion", PROMOTION_COUNTER_COLUMNS, promotions, of("coupon_promotion"))),
    ...(await writeCounters(trx, "coupon_batch", BATCH_COUNTER_COLUMNS, batches, of("coupon_batch"))),
  ]
}

async function writeCounters(
  trx: Knex,
  table: CounterRepair["table"],
  columns: CounterColumn[],
  current: CounterRow[],
  expected: CounterRow[]
): Promise<CounterRepair[]> {
  const before = new Map(current.map((row) => [row.id, row]))
  const changes: CounterRepair[] = []
  const rows = expected.filter((row) => {
    const was = before.get(row.id)
    const changed = columns.filter((column) => was && Number(was[column]) !== Number(row[column]))
    for (const column of changed) {
      changes.push({ table, id: row.id, column, from: Number(was![column]), to: Number(row[column]) })
    }
    return changed.length > 0
  })
  if (rows.length) {
    const values = rows.map((row) => Object.fromEntries([["id", row.id], ...columns.map((c) => [c, Number(row[c])])]))
    await trx.raw(updateCountersSql(table, columns), [JSON.stringify(values)])
  }
  return changes
}

/** The report as printed: a line per check (ok / skip) and one per problem kind, with its count and examples. */
export function formatInvariantReport(report: InvariantReport): string[] {
  const lines = [`Coupon data check at ${report.checked_at.toISOString()} (${report.duration_ms} ms)`]
  for (const check of report.checks) {
    const found = report.problems.filter((problem) => problem.check === check.check)
    if (!check.ran) {
      lines.push(`  skip  ${check.check}: ${check.note}`)
      continue
    }
    if (!found.length) {
      lines.push(`  ok    ${check.check}: ${check.note}`)
    }
    for (const problem of found) {
      const details = problem.details.length ? ` [${problem.details.join(", ")}]` : ""
      const more = problem.count > problem.examples.length ? ` … (${problem.count - problem.examples.length} more)` : ""
      lines.push(
        `  FAIL  ${problem.kind} (${problem.count}): ${problem.description}${details}; e.g. ${problem.examples.join(", ")}${more}`
      )
    }
  }
  const fixable = report.problems.filter((problem) => problem.fixable).map((problem) => problem.kind)
  if (!report.problems.length) {
    lines.push("No problems found.")
  } else {
    lines.push(
      `${report.problems.length} kind(s) of problem found. ` +
        (fixable.length === report.problems.length
          ? `Run with \`fix\` to repair: ${fixable.join(", ")}.`
          : fixable.length
            ? `Run with \`fix\` to repair: ${fixable.join(", ")}; the others need a look.`
            : "None of them is repaired by `fix`: they need a look.")
    )
  }
  return lines
}

const REPAIRS_LISTED = 20

export function formatCounterRepairs(repairs: CounterRepair[]): string[] {
  if (!repairs.length) {
    return ["Repair: no counter needed changing."]
  }
  const rows = new Set(repairs.map((repair) => `${repair.table} ${repair.id}`)).size
  return [
    `Repair: ${repairs.length} counter(s) on ${rows} row(s) set from their codes, in one transaction:`,
    ...repairs.slice(0, REPAIRS_LISTED).map((r) => `  ${r.table} ${r.id} ${r.column}: ${r.from} -> ${r.to}`),
    ...(repairs.length > REPAIRS_LISTED ? [`  … (${repairs.length - REPAIRS_LISTED} more)`] : []),
  ]
}
