import { readdirSync, statSync } from "fs"
import { tmpdir } from "os"
import path from "path"

/*
 * What an in-process server (medusaIntegrationTestRunner boots the app inside the test process) holds while a test
 * runs: its memory and its temporary files.
 */

const MB = 1024 * 1024

/**
 * What this process (the server) has in the temporary directory: the files named after its pid, which is how both
 * writers an import can reach name theirs (the `tmp` package exceljs uses: tmp-<pid>-…; the upload: coupon-import-
 * <pid>-…). Other processes on the machine write there too, so the rest is not this test's to judge. The directory
 * is the real one: a test cannot point it elsewhere, jest gives test code its own copy of process.env.
 */
export const ourTmpFiles = () =>
  readdirSync(tmpdir())
    .filter((name) => name.includes(`-${process.pid}-`))
    .map((name) => {
      const stats = statSync(path.join(tmpdir(), name), { throwIfNoEntry: false })
      return `${name} (${stats ? (stats.size / MB).toFixed(1) : "?"} MB)`
    })
    .sort()

/** The highest RSS seen while `run` was in flight (sampled every 5 ms, and once more at the end). */
export async function peakRssDuring<T>(run: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  const before = process.memoryUsage().rss
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 5)
  try {
    const result = await run()
    peak = Math.max(peak, process.memoryUsage().rss)
    return { result, before, peak }
  } finally {
    clearInterval(timer)
  }
}
