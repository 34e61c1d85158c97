// (h) of `npm run bench`: the plan of the query a batch's codes.csv runs. The SQL is built by the plugin's own
// couponSelect/selectAll (src/modules/coupon/coupon-list.ts, as compiled for the bench into .tmp/bench-js by
// bench/compile.js), so it is whatever the code at hand sends, then run under EXPLAIN (ANALYZE, BUFFERS).
const path = require("path")

const COMPILED = path.join(__dirname, "..", ".tmp", "bench-js", "src", "modules", "coupon", "coupon-list.js")

/** The plan's lines, rows returned, pages read (shared hit + read of the top node) and the table's own size. */
async function explainBatchCodes(db, filter) {
  const { couponSelect, selectAll } = require(COMPILED)
  const query = await couponSelect(db, filter)
  const sql = selectAll(query)
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, query.params)
  const top = rows[0]["QUERY PLAN"][0]
  const { rows: text } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, query.params)
  const { rows: size } = await db.query(
    `SELECT reltuples::bigint AS rows, relpages AS pages FROM pg_class WHERE relname = 'coupon'`
  )
  const plan = top.Plan
  return {
    sql,
    rows_returned: plan["Actual Rows"],
    shared_hit_blocks: plan["Shared Hit Blocks"],
    shared_read_blocks: plan["Shared Read Blocks"],
    pages_touched: plan["Shared Hit Blocks"] + plan["Shared Read Blocks"],
    execution_ms: top["Execution Time"],
    coupon_table_rows: Number(size[0].rows),
    coupon_table_pages: size[0].pages,
    plan: text.map((r) => r["QUERY PLAN"]),
  }
}

module.exports = { explainBatchCodes }
