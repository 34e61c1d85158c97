// The raw side of (a)–(c) of `npm run bench` (bench/run.js): the code lists, the files the imports read (CSV, and the
// XLSX written as Excel would, through exceljs's streaming WorkbookWriter), the raw COPY baseline, and the waits and
// resets between phases.
const fs = require("fs")
const crypto = require("crypto")
const { Client } = require("pg")
const { from: copyFrom } = require("pg-copy-streams")
const { Readable } = require("stream")
const { pipeline } = require("stream/promises")

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

/** `n` distinct random codes of `length` characters (held in a Set: fine up to a few million). */
function randomCodes(n, length) {
  const set = new Set()
  while (set.size < n) {
    const bytes = crypto.randomBytes(length * 4096)
    for (let i = 0; i + length <= bytes.length && set.size < n; i += length) {
      let code = ""
      for (let j = 0; j < length; j++) code += ALPHABET[bytes[i + j] % ALPHABET.length]
      set.add(code)
    }
  }
  return Array.from(set)
}

/**
 * `n` distinct 10-character codes in ascending order without holding them (for 10M and more): code i is a random
 * point of the i-th of n equal slices of the code space, so the rows are spread over the space as sorted random codes
 * are. The alphabet is written in its own (byte) order so the codes ascend.
 */
function* spreadSortedCodes(n, length = 10) {
  const sorted = ALPHABET.split("").sort().join("")
  const space = sorted.length ** length
  const slice = Math.floor(space / n)
  for (let i = 0; i < n; i++) {
    let value = i * slice + Math.floor(Math.random() * slice)
    let code = ""
    for (let j = 0; j < length; j++) {
      code = sorted[value % sorted.length] + code
      value = Math.floor(value / sorted.length)
    }
    yield code
  }
}

/** Writes `codes` as a one-column CSV with the header "code". */
function writeCsv(file, codes) {
  const fd = fs.openSync(file, "w")
  try {
    fs.writeSync(fd, "code\n")
    for (let i = 0; i < codes.length; i += 65536) fs.writeSync(fd, codes.slice(i, i + 65536).join("\n") + "\n")
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Writes `codes` as an .xlsx the way Excel lays one out: exceljs's streaming WorkbookWriter, one sheet "Codes", the
 * header "code" then one code a row, every text cell a shared string (the worksheet part before the shared strings).
 */
async function writeXlsx(file, codes) {
  const ExcelJS = require("exceljs")
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false })
  const sheet = book.addWorksheet("Codes")
  sheet.addRow(["code"]).commit()
  for (const code of codes) sheet.addRow([code]).commit()
  sheet.commit()
  await book.commit()
}

/**
 * (a): COPY of the codes (an array, or an iterable read once) into a scratch table with the same unique index as
 * `coupon` and a text primary key, ids ascending with the codes as the plugin writes them. Returns the COPY's ms.
 * Two readings beside it, no targets:
 * - `existing` (a′): those codes are COPYed in first, untimed (ids below the timed ones, as an earlier batch's are),
 *   then vacuumed and checkpointed as the plugin bench settles before each phase, so the timed COPY meets an index
 *   already holding them, as an import meets the codes generated before it;
 * - `couponShaped` (a″): the scratch table is `LIKE coupon` with its defaults, constraints and indexes, and the COPY
 *   sends the four columns a load sends, with ids of the plugin's length: the schema's own cost, without the plugin.
 */
async function rawCopy(codes, { existing, couponShaped } = {}) {
  const client = new Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    await client.query(`DROP TABLE IF EXISTS bench_copy_scratch`)
    if (couponShaped) {
      await client.query(`CREATE TABLE bench_copy_scratch (LIKE coupon INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`)
    } else {
      await client.query(`CREATE TABLE bench_copy_scratch (id text PRIMARY KEY, code text NOT NULL, promotion_id text NOT NULL)`)
      await client.query(`CREATE UNIQUE INDEX bench_copy_scratch_code ON bench_copy_scratch (code)`)
    }
    const tail = couponShaped ? `\tcpromo_${"B".repeat(26)}\tcbatch_${"B".repeat(26)}\n` : `\tcpromo_bench\n`
    const columns = couponShaped ? "id, code, promotion_id, batch_id" : "id, code, promotion_id"
    if (existing) {
      await copyRows(client, existing, `coupon_${"0".repeat(16)}`, columns, tail)
      await client.query(`VACUUM (ANALYZE) bench_copy_scratch`)
    }
    await waitForAutovacuum(client)
    await client.query(`CHECKPOINT`).catch(() => undefined)
    // The same id shape as the plugin's: a 26-char prefix-plus-counter id, ascending.
    const prefix = `coupon_${Date.now().toString(36).toUpperCase().padStart(16, "0")}`
    const started = process.hrtime.bigint()
    await copyRows(client, codes, prefix, columns, tail)
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    await client.query(`DROP TABLE bench_copy_scratch`)
    return Math.round(ms)
  } finally {
    await client.end()
  }
}

/** COPYs `codes` into the scratch table: ids `prefix` + a 10-digit hex counter, the code, then `tail`. */
async function copyRows(client, codes, prefix, columns, tail) {
  const stream = client.query(copyFrom(`COPY bench_copy_scratch (${columns}) FROM STDIN`))
  function* lines() {
    let out = ""
    let j = 0
    for (const code of codes) {
      out += `${prefix}${(++j).toString(16).toUpperCase().padStart(10, "0")}\t${code}${tail}`
      if (j % 4096 === 0) {
        yield out
        out = ""
      }
    }
    if (out) yield out
  }
  await pipeline(Readable.from(lines()), stream)
}

const median = (values) => {
  const sorted = values.slice().sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : +((sorted[mid - 1] + sorted[mid]) / 2).toFixed(2)
}

/** Waits (up to a minute) until no autovacuum worker runs in this database, so none runs inside a timed COPY. */
async function waitForAutovacuum(client) {
  for (let i = 0; i < 600; i++) {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`
    )
    if (rows[0].n === 0) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Empties the plugin's tables between rounds (the bench's own throwaway database), so each round starts alike. */
async function emptyCouponTables() {
  const client = new Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    await client.query(`TRUNCATE coupon_promotion, coupon_batch, coupon CASCADE`)
    await client.query(`CHECKPOINT`).catch(() => undefined)
  } finally {
    await client.end()
  }
}

module.exports = { randomCodes, spreadSortedCodes, writeCsv, writeXlsx, rawCopy, median, waitForAutovacuum, emptyCouponTables }
