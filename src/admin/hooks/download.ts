import { backendPath } from "../lib/sdk"

/**
 * Starts a file download from an admin route. A plain link (not fetch + blob) lets the browser stream files of
 * any size straight to disk — codes.csv of a million codes included — and it carries the admin session cookie.
 */
export function downloadFile(path: string, fileName: string) {
  const a = document.createElement("a")
  a.href = backendPath(path)
  a.download = fileName
  a.rel = "noopener"
  document.body.appendChild(a)
  a.click()
  a.remove()
}
