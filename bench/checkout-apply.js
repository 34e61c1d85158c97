/* eslint-disable no-console */
// (d) of `npm run bench`: applying a coupon code vs a native promotion code (bench/checkout-apply.bench.ts), on a
// database of its own: the bulk-code bench leaves millions of codes behind, and "1,000 codes in the system" has to
// mean 1,000. Interleaved samples, p50/p95, ratio of medians; 1,000 and `large` codes (default 1,000,000, 100,000 with
// --quick; bench/run.js passes 10,000,000 with --scale). Target: coupon/native <= 1.1 at every size (flat).
const { runCheckoutBench } = require("./checkout-harness")

async function runApplyBench({ quick, large }) {
  const apply = await runCheckoutBench({
    name: "apply",
    script: "checkout-apply.bench.ts",
    env: {
      BENCH_APPLY_SAMPLES: quick ? "20" : "60",
      BENCH_APPLY_SIZES: `1000,${large || (quick ? 100_000 : 1_000_000)}`,
    },
  })
  for (const [size, f] of Object.entries(apply.sizes)) {
    console.log(
      `(d) apply a code @ ${Number(size).toLocaleString("en-US")} codes: native p50 ${f.native.p50} ms, p95 ${f.native.p95} ms; ` +
        `coupon p50 ${f.coupon.p50} ms, p95 ${f.coupon.p95} ms; coupon/native medians ${f.ratio_p50} ` +
        `(target <= 1.1, flat; ${apply.samples} interleaved samples each)`
    )
  }
  return apply
}

module.exports = { runApplyBench }
