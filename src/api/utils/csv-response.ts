import type { MedusaResponse } from "@medusajs/framework/http"
import { csvRow, CsvValue } from "../../engine/csv-out"

/**
 * Streams pages of rows as a CSV download (formula-safe cells, see engine/csv-out.ts), honouring back-pressure, and
 * stops reading the database when the client goes away.
 */
export async function sendCsvPages<T>(
  res: MedusaResponse,
  fileName: string,
  header: readonly string[],
  pages: AsyncGenerator<T[]>,
  toRow: (row: T) => readonly CsvValue[]
): Promise<void> {
  res.status(200)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`)
  res.write(csvRow(header))
  for await (const rows of pages) {
    let chunk = ""
    for (const row of rows) {
      chunk += csvRow(toRow(row))
    }
    if (res.destroyed) {
      await pages.return(undefined)
      return
    }
    if (!res.write(chunk)) {
      await new Promise((resolve) => res.once("drain", resolve))
    }
  }
  res.end()
}
