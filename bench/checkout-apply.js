/* eslint-disable no-console */
// (d) of `npm run bench`: applying a coupon code vs a native promotion code (bench/checkout-apply.bench.ts), on a
// database of its own: the bulk-code bench leaves millions of codes behind, and "1,000 codes in the system" has to
// mean 1,000. Interleaved samples, p50/p95, ratio of medians; 1,000 and 1,000,000 codes (100,000 with --quick).
const { runCheckoutBench } = require("./checkout-harness")

async function runApplyBench({ quick }) {
  const apply = await runCheckoutBench({
    name: "apply",
    script: "checkout-apply.bench.ts",
    env: {
      BENCH_APPLY_SAMPLES: quick ? "20" : "60",
      BENCH_APPLY_SIZES: quick ? "1000,100000" : "1000,1000000",
    },
  })
  for (const [size, f] of Object.entries(apply.sizes)) {
    console.log(
      `(d) apply a code @ ${Number(size).toLocaleString("en-US")} codes: native p50 ${f.native.p50} ms, p95 ${f.native.p95} ms; ` +
        `coupon p50 ${f.coupon.p50} ms, p95 ${f.coupon.p95} ms; coupon/native medians ${f.ratio_p50} ` +
        `(target <= 1.3; ${apply.samples} interleaved samples each)`
    )
  }
  return apply
}

module.exports = { runApplyBench }
