import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * Rows of `sql` in pages of `fetchSize`, through a server-side cursor in a read-only transaction on one connection
 * of its own: a CSV of a million rows streams out without ever holding them all, and without OFFSET paging getting
 * slower. `begin` picks the transaction (REPEATABLE READ when several reads must agree).
 */
export async function* streamCursor<T>(
  knex: Knex,
  query: { sql: string; params: unknown[]; fetchSize: number; begin?: string }
): AsyncGenerator<T[]> {
  const client = await (knex as any).client.acquireConnection()
  let open = false
  try {
    await client.query(query.begin ?? "BEGIN READ ONLY")
    open = true
    await client.query(`DECLARE page_cursor NO SCROLL CURSOR FOR ${query.sql}`, query.params)
    for (;;) {
      const { rows } = await client.query(`FETCH ${Number(query.fetchSize)} FROM page_cursor`)
      if (!rows.length) {
        break
      }
      yield rows as T[]
    }
  } finally {
    // Also reached when the consumer stops early (client went away): never hand back a connection mid-transaction.
    if (open) {
      await client.query("ROLLBACK").catch(() => undefined)
    }
    await (knex as any).client.releaseConnection(client)
  }
}
