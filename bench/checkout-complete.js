/* eslint-disable no-console */
// (e) of `npm run bench`: completing a cart with a coupon vs with a native promotion (bench/checkout-complete.bench.ts)
// on a database of its own, interleaved samples (at least 20 of each), p50/p95 and the ratio of medians.
const { runCheckoutBench } = require("./checkout-harness")

async function runCompleteBench({ quick }) {
  const complete = await runCheckoutBench({
    name: "complete",
    script: "checkout-complete.bench.ts",
    env: { BENCH_COMPLETE_SAMPLES: quick ? "20" : "40" },
  })
  console.log(
    `(e) complete a cart: native promotion p50 ${complete.native.p50} ms, p95 ${complete.native.p95} ms; ` +
      `coupon p50 ${complete.coupon.p50} ms, p95 ${complete.coupon.p95} ms; coupon/native medians ` +
      `${complete.ratio_p50} (target <= 1.2; ${complete.samples} interleaved samples each)`
  )
  return complete
}

module.exports = { runCompleteBench }
