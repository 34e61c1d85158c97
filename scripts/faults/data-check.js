/* eslint-disable no-console */
// Step 4 of test:faults: the plugin's data check (src/scripts/check-coupon-invariants.ts) over everything the crashes
// left, run by `medusa exec` with the app stopped (nothing moves meanwhile).
const fs = require("fs")
const path = require("path")
const { medusaCommand } = require("../lib/app-instance")
const { log, check } = require("./harness")

function dataCheck(env) {
  const script = path.join("src", "scripts", "check-coupon-invariants.ts")
  console.log("4. the data check")
  if (fs.existsSync(path.resolve(__dirname, "..", "..", script))) {
    log(`medusa exec ./${script}`)
    const r = medusaCommand(["exec", `./${script}`], env)
    const report = `${r.stdout}`.split("\n").filter((line) => /^\s*(ok|skip|FAIL)\b|problem|Coupon data check/.test(line))
    for (const line of report) console.log(`    ${line}`)
    // Its orders check leaves out orders younger than its grace (5 minutes): the ledger checks above judge those.
    check("check-coupon-invariants reports no problem (exit 0)", r.status === 0, `exit ${r.status}`)
    if (r.status !== 0 && !report.length) console.log(`${r.stdout}\n${r.stderr}`.slice(-4000))
  } else {
    check(`the data check ${script} exists`, false, "not found")
  }
}

module.exports = { dataCheck }
