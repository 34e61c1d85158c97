/* eslint-disable no-console */
// (f) of `npm run bench`: the redemption reports (bench/redemption-stats.bench.ts) on a database of its own, with
// 1,000,000 uses of one promotion (100,000 with --quick): p50/p95 of one promotion's stats (last 30 days, a whole
// year), of every promotion's totals, and the time to stream every use for redemptions.csv.
const { runCheckoutBench } = require("./checkout-harness")

async function runStatsBench({ quick }) {
  const stats = await runCheckoutBench({
    name: "stats",
    script: "redemption-stats.bench.ts",
    env: { BENCH_STATS_USES: quick ? "100000" : "1000000", BENCH_STATS_SAMPLES: quick ? "15" : "30" },
  })
  const ms = (f) => `p50 ${f.p50} ms, p95 ${f.p95} ms`
  console.log(
    `(f) redemption stats @ ${stats.uses.toLocaleString("en-US")} uses: one promotion, last 30 days ` +
      `(${stats.orders_last_30_days.toLocaleString("en-US")} orders) ${ms(stats.promotion_stats_30_days)}; ` +
      `a whole year ${ms(stats.promotion_stats_366_days)}; all promotions ${ms(stats.all_promotions_stats)}; ` +
      `redemptions.csv of every use ${(stats.export_ms / 1000).toFixed(2)} s (first page after ${stats.export_first_page_ms} ms); ` +
      `for scale: a bare count of the 30 days ${ms(stats.baseline_count_30_days)}, a scan of the whole ledger ` +
      `${ms(stats.baseline_scan_ledger)}`
  )
  return stats
}

module.exports = { runStatsBench }
