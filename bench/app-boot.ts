/* eslint-disable no-console */
// Run by bench/run.js through `medusa exec`: the RSS of the whole Medusa app (every module, this plugin included)
// once booted, before any work. Reported next to the plugin figures so the two are never confused.
import type { ExecArgs } from "@medusajs/framework/types"

export default async function appBoot(_: ExecArgs) {
  global.gc?.()
  console.log("BENCH_RESULT " + JSON.stringify({ app_boot_rss_mb: Math.round(process.memoryUsage().rss / (1024 * 1024)) }))
}
