import type { ExecArgs } from "@medusajs/framework/types"
import { COUPON_MODULE } from "../modules/coupon"
import type CouponModuleService from "../modules/coupon/service"
import { formatCounterRepairs, formatInvariantReport } from "../modules/coupon/invariants"

/**
 * Checks the plugin's data (README "Checking the data"); exits 1 when anything is wrong.
 *   npx medusa exec ./src/scripts/check-coupon-invariants.ts [fix]            (this repo's dev app)
 *   npx medusa exec ./node_modules/medusa-plugin-coupon-batches/.medusa/server/src/scripts/check-coupon-invariants.js [fix]
 * `fix` (or `--fix`) sets drifted promotion and batch counters from their codes, in one transaction, then checks again;
 * nothing else is ever written. `medusa exec` hands over positional words as `args`; yargs keeps `--fix` for itself,
 * so that spelling is read from the process arguments.
 */
export default async function checkCouponInvariants({ container, args }: ExecArgs) {
  const fix = [...(args ?? []), ...process.argv].some((arg) => arg === "fix" || arg === "--fix")
  const service = container.resolve<CouponModuleService>(COUPON_MODULE)
  const print = (lines: string[]) => process.stdout.write(lines.map((line) => `${line}\n`).join(""))

  let report = await service.checkCouponInvariants()
  print(formatInvariantReport(report))
  if (fix && report.problems.some((problem) => problem.fixable)) {
    print(formatCounterRepairs(await service.repairCouponCounters()))
    report = await service.checkCouponInvariants()
    print(["Check after the repair:", ...formatInvariantReport(report)])
  }
  // `medusa exec` ends the process with process.exit(), which takes this code.
  process.exitCode = report.problems.length ? 1 : 0
}
