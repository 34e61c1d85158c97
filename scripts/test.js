/* eslint-disable no-console */
// `npm test`: unit, module and HTTP tests against one PostgreSQL (configured or embedded), then one summary line.
// Extra args are passed to every jest run (e.g. `npm test -- -t "import"`).
// TEST_KINDS=unit,integration:http limits the kinds that run.
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { ensureDbServer, ROOT } = require("./db")

const KINDS = (process.env.TEST_KINDS || "unit,integration:modules,integration:http").split(",")

function runJest(kind, env, extraArgs) {
  const resultFile = path.join(os.tmpdir(), `coupon-jest-${process.pid}-${kind.replace(/\W/g, "_")}.json`)
  const args = [
    require.resolve("jest/bin/jest"),
    "--passWithNoTests",
    "--json",
    `--outputFile=${resultFile}`,
    // HTTP specs each boot their own app on their own database (named per spec) and port, so two run side by side;
    // TEST_HTTP_WORKERS=1 runs them one after another.
    ...(kind === "unit"
      ? []
      : kind === "integration:http"
        ? [`--maxWorkers=${process.env.TEST_HTTP_WORKERS || 2}`, "--forceExit"]
        : ["--runInBand", "--forceExit"]),
    ...extraArgs,
  ]
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...env, TEST_TYPE: kind, NODE_OPTIONS: "--experimental-vm-modules" },
    })
    child.on("exit", (code) => {
      let summary = { passed: 0, failed: 0, skipped: 0 }
      try {
        const r = JSON.parse(fs.readFileSync(resultFile, "utf8"))
        summary = {
          passed: r.numPassedTests,
          failed: r.numFailedTests + (r.numRuntimeErrorTestSuites || 0),
          skipped: r.numPendingTests + r.numTodoTests,
        }
        fs.rmSync(resultFile, { force: true })
      } catch {
        summary.failed += 1
      }
      resolve({ kind, code: code ?? 1, ...summary })
    })
  })
}

async function main() {
  const extraArgs = process.argv.slice(2)
  const needsDb = KINDS.some((k) => k !== "unit")
  const server = needsDb ? await ensureDbServer({ name: "test" }) : { env: {}, stop: async () => {} }
  if (needsDb) {
    console.log(`[test] PostgreSQL: ${server.embedded ? "embedded" : "configured"} at ${server.env.DB_HOST}:${server.env.DB_PORT}`)
  }
  const env = { ...process.env, ...server.env }
  // Medusa's test runner reads DB_* and creates its own databases; a DATABASE_URL would not be used.
  delete env.DATABASE_URL
  const results = []
  try {
    for (const kind of KINDS) {
      console.log(`\n[test] ===== ${kind} =====`)
      results.push(await runJest(kind, env, extraArgs))
    }
  } finally {
    await server.stop()
  }
  const total = results.reduce(
    (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 }
  )
  for (const r of results) {
    console.log(`[test] ${r.kind}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (exit ${r.code})`)
  }
  const ok = results.every((r) => r.code === 0) && total.failed === 0
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
  process.exit(ok ? 0 : 1)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
