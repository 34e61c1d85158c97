// The dev store (`scripts/dev.js`) as a child process on a throwaway database and a free port, for the suites that
// drive it (test:dev, test:e2e): its output, the admin login it prints, and a stop. Also the polling wait they share.
const path = require("path")
const { spawn } = require("child_process")
const { freePort, ROOT } = require("../db")

/** Polls `fn` every second until it returns something truthy (a throw counts as not yet); fails after `timeoutMs`. */
async function waitFor(fn, what, timeoutMs) {
  const start = Date.now()
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch {}
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 1000))
  }
}

/**
 * Spawns `scripts/dev.js` with COUPON_DEV_EPHEMERAL_DB on a free port; `env(base)` adds variables that need the
 * store's address. Returns { port, base, output(), credentials(timeoutMs), stop() }: `credentials` waits for the
 * "Admin login:" line, `stop` sends SIGTERM and waits up to 15 s for the exit.
 */
async function launchDevStore({ env = () => ({}) } = {}) {
  const port = await freePort()
  const base = `http://localhost:${port}`
  let output = ""
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "dev.js")], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), COUPON_DEV_EPHEMERAL_DB: "true", ...env(base) },
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout.on("data", (d) => (output += d.toString()))
  child.stderr.on("data", (d) => (output += d.toString()))
  const exited = new Promise((r) => child.on("exit", r))
  return {
    port,
    base,
    output: () => output,
    credentials: (timeoutMs) =>
      waitFor(
        () => {
          const m = output.match(/Admin login:\s+(\S+) \/ (\S+)/)
          return m && { email: m[1], password: m[2] }
        },
        "the printed admin credentials",
        timeoutMs
      ),
    async stop() {
      child.kill("SIGTERM")
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15000))])
    },
  }
}

module.exports = { launchDevStore, waitFor }
