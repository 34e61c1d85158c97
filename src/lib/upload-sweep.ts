/**
 * Import uploads are streamed to `<tmpdir>/coupon-import-<pid>-<random>` and removed when their request ends. A
 * process killed mid-import cannot remove its own: this sweep, run when the coupon module loads and by the
 * maintenance job, removes every such file whose process is gone, and any older than `maxAgeMs` (no import runs that
 * long), so none outlives its request by more than one cycle. Files of live processes are left alone: on a machine
 * running several app instances, each one's uploads in flight stay put.
 */
import { readdir, rm, stat } from "fs/promises"
import os from "os"
import path from "path"

export const UPLOAD_PREFIX = "coupon-import-"
const UPLOAD_NAME = /^coupon-import-(\d+)-[0-9a-f]+$/

/** The temporary file name of a new upload by this process. */
export function uploadFileName(random: string): string {
  return `${UPLOAD_PREFIX}${process.pid}-${random}`
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) {
    return true
  }
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

export async function sweepStaleUploads(
  options: { dir?: string; maxAgeMs?: number; now?: number } = {}
): Promise<string[]> {
  const dir = options.dir ?? os.tmpdir()
  const maxAgeMs = options.maxAgeMs ?? 6 * 3600 * 1000
  const now = options.now ?? Date.now()
  const removed: string[] = []
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return removed
  }
  for (const name of names) {
    const match = UPLOAD_NAME.exec(name)
    if (!match) {
      continue
    }
    const file = path.join(dir, name)
    try {
      const stale = !isAlive(Number(match[1])) || now - (await stat(file)).mtimeMs > maxAgeMs
      if (stale) {
        await rm(file, { force: true })
        removed.push(file)
      }
    } catch {
      // Removed meanwhile by its own request: nothing to do.
    }
  }
  return removed
}
