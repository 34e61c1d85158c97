/* eslint-disable no-console */
// (e) of `npm run bench`: completing a cart with a coupon vs with a native promotion (bench/checkout-complete.bench.ts)
// on a database of its own, interleaved samples (at least 20 of each), p50/p95 and the ratio of medians, at 1,000
// codes in the system and at `large` (1,000,000, 100,000 with --quick, 10,000,000 with --scale).
const { runCheckoutBench } = require("./checkout-harness")

const TARGET = 1.05

async function runCompleteBench({ quick, large }) {
  const complete = await runCheckoutBench({
    name: "complete",
    script: "checkout-complete.bench.ts",
    env: {
      BENCH_COMPLETE_SAMPLES: quick ? "20" : "40",
      BENCH_COMPLETE_SIZES: `1000,${large || (quick ? 100_000 : 1_000_000)}`,
    },
  })
  for (const [size, f] of Object.entries(complete.sizes)) {
    console.log(
      `(e) complete a cart @ ${Number(size).toLocaleString("en-US")} codes: native promotion p50 ${f.native.p50} ms, ` +
        `p95 ${f.native.p95} ms; coupon p50 ${f.coupon.p50} ms, p95 ${f.coupon.p95} ms; coupon/native medians ` +
        `${f.ratio_p50} (target <= ${TARGET}, flat; ${complete.samples} interleaved samples each)`
    )
  }
  console.log(`(e) flatness: coupon/native at the largest size / at 1,000 codes = ${complete.ratio_growth} (flat = 1)`)
  complete.target_ratio_p50 = TARGET
  return complete
}

module.exports = { runCompleteBench }
