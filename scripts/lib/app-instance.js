/* eslint-disable no-console */
// Real app instances for the multi-process suites (test:cluster, test:faults): the repo's own medusa-config.ts run
// by `medusa start` as a child process on a given database and port, in its own process group so a stop (or a
// SIGKILL) takes every process it started. Also the one-shot `medusa <command>` runs (db:migrate, exec) they need
// and the result line their seed scripts print.
const fs = require("fs")
const path = require("path")
const { spawn, spawnSync } = require("child_process")
const { ROOT } = require("../db")

const medusaBin = path.join(ROOT, "node_modules", ".bin", "medusa")

/** Runs `medusa <args>` to the end: { status, stdout, stderr }. */
function medusaCommand(args, env) {
  return spawnSync(medusaBin, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
}

/** Runs `medusa <args>` to the end; prints the tail of its output and throws when it fails. Returns stdout. */
function runMedusa(args, env) {
  const r = medusaCommand(args, env)
  if (r.status !== 0) {
    console.log(`${r.stdout}\n${r.stderr}`.slice(-6000))
    throw new Error(`medusa ${args.join(" ")} exited with ${r.status}`)
  }
  return r.stdout
}

/** `runMedusa` without blocking: resolves with stdout, rejects (after printing the output's tail) when it fails. */
function runMedusaAsync(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(medusaBin, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let all = ""
    child.stdout.on("data", (d) => {
      stdout += d
      all = (all + d).slice(-6000)
    })
    child.stderr.on("data", (d) => (all = (all + d).slice(-6000)))
    child.on("error", reject)
    child.on("exit", (code) => {
      if (code === 0) return resolve(stdout)
      console.log(all)
      reject(new Error(`medusa ${args.join(" ")} exited with ${code}`))
    })
  })
}

/**
 * Starts `medusa start` on `port`. The returned instance keeps the output's head (boot log) and tail (all of it in
 * `logFile` when given) and knows whether the process is still there: `kill(signal)` signals the whole process group
 * at once, `stop()` asks politely and then kills.
 */
function startInstance(name, port, env, { logFile } = {}) {
  let output = ""
  let head = ""
  const child = spawn(medusaBin, ["start"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  // Optionally the whole output, appended to a file (several instances may share one).
  const file = logFile ? fs.createWriteStream(logFile, { flags: "a" }) : null
  file?.write(`\n===== ${name} (pid ${child.pid}, port ${port}) ${new Date().toISOString()} =====\n`)
  const keep = (d) => {
    output = (output + d.toString()).slice(-20000)
    if (head.length < 200000) head += d.toString()
    file?.write(d)
  }
  child.stdout.on("data", keep)
  child.stderr.on("data", keep)
  let exitedWith = null
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      exitedWith = { code, signal }
      resolve(exitedWith)
    })
  )
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal)
    } catch {}
  }
  return {
    name,
    port,
    pid: child.pid,
    base: `http://localhost:${port}`,
    output: () => output,
    bootLog: () => head,
    exitedWith: () => exitedWith,
    exited,
    /** Signals every process of the instance; resolves once the spawned process is gone. */
    async kill(signal = "SIGKILL") {
      signalGroup(signal)
      await exited
    },
    async stop() {
      signalGroup("SIGTERM")
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))])
      signalGroup("SIGKILL")
    },
  }
}

/** Waits for GET /health to answer 200; fails at once when the instance exits first. */
async function waitHealthy(instance, timeoutMs = 300000) {
  const started = Date.now()
  for (;;) {
    if (instance.exitedWith()) {
      throw new Error(
        `${instance.name} exited (${JSON.stringify(instance.exitedWith())}) before it became healthy:\n` +
          instance.output().slice(-4000)
      )
    }
    try {
      if ((await fetch(`${instance.base}/health`)).status === 200) return
    } catch {}
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${instance.name} did not become healthy:\n${instance.output().slice(-4000)}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** The JSON a seed script run by `medusa exec` printed after `marker` (e.g. "CLUSTER_SEED") on one line of `out`. */
function seedResult(out, marker) {
  const line = out.split("\n").find((l) => l.includes(`${marker} `))
  if (!line) throw new Error(`seed printed no ${marker} line:\n${out.slice(-3000)}`)
  return JSON.parse(line.slice(line.indexOf(`${marker} `) + marker.length + 1))
}

module.exports = { medusaBin, medusaCommand, runMedusa, runMedusaAsync, seedResult, startInstance, waitHealthy }
