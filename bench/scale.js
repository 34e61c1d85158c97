/* eslint-disable no-console */
// (j) of `npm run bench -- --scale`: does generation stay linear? On emptied coupon tables, generate BENCH_SCALE_COUNT
// codes (default 10,000,000; 1,000,000 with --quick) through the plugin in one process (bench/plugin-bench.ts,
// phase `generate`), with the raw COPY baseline of as many sorted codes (bench/bulk.js) before and after it. The
// per-code cost at that size is compared with the per-code cost of the 1M rounds of the same run (target: within
// 1.2×), and with the COPY's per-code cost at both sizes for scale.
const { rawCopy, spreadSortedCodes, emptyCouponTables } = require("./bulk")

const TARGET = 1.2
const us = (ms, n) => +((ms * 1000) / n).toFixed(3)

async function runScaleBench({ count, small, pluginProcess }) {
  await emptyCouponTables()
  console.log(`(j) scale: ${count.toLocaleString("en-US")} codes (COPY, generate through the plugin, COPY)`)
  const before = await rawCopy(spreadSortedCodes(count))
  const plugin = await pluginProcess({ BENCH_COUNT: String(count), BENCH_PHASES: "generate" })
  const after = await rawCopy(spreadSortedCodes(count))
  await emptyCouponTables()
  const copyMs = Math.round((before + after) / 2)
  const generateMs = plugin.phases.generate.ms
  const result = {
    codes: count,
    generate_ms: generateMs,
    raw_copy_runs_ms: [before, after],
    raw_copy_ms: copyMs,
    generate_vs_copy: +(generateMs / copyMs).toFixed(2),
    generate_peak_rss_mb: plugin.phases.generate.peak_rss_mb,
    generate_us_per_code: us(generateMs, count),
    generate_us_per_code_small: us(small.generate_ms, small.codes),
    copy_us_per_code: us(copyMs, count),
    copy_us_per_code_small: us(small.raw_copy_ms, small.codes),
  }
  result.per_code_growth = +(result.generate_us_per_code / result.generate_us_per_code_small).toFixed(2)
  result.copy_per_code_growth = +(result.copy_us_per_code / result.copy_us_per_code_small).toFixed(2)
  result.target_per_code_growth = TARGET
  console.log(
    `(j) generate per code: ${result.generate_us_per_code_small} µs at ${small.codes.toLocaleString("en-US")} (median ` +
      `of the rounds), ${result.generate_us_per_code} µs at ${count.toLocaleString("en-US")} ` +
      `(${(generateMs / 1000).toFixed(1)} s, peak RSS ${result.generate_peak_rss_mb} MB); ratio ${result.per_code_growth} ` +
      `(target <= ${TARGET}). For scale, the raw COPY per code: ${result.copy_us_per_code_small} µs → ` +
      `${result.copy_us_per_code} µs (ratio ${result.copy_per_code_growth}); b/a at ${count.toLocaleString("en-US")} ` +
      `${result.generate_vs_copy} (a = ${(copyMs / 1000).toFixed(1)} s, runs ${before} / ${after} ms)`
  )
  return result
}

module.exports = { runScaleBench }
