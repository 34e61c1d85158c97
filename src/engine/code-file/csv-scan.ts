import { StringDecoder } from "string_decoder"
import type { FileSource } from "../file-source"

/*
 * The first of the two passes a CSV code list gets: a look over the whole file, holding nothing but a 64 KB head,
 * for what the reading pass must know before it starts (which reader, the delimiter, the line end, the row count).
 */

const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const HEAD_BYTES = 64 * 1024
const UTF16LE_BOM = Buffer.from([0xff, 0xfe])
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

/**
 * The file's bytes as UTF-8, chunk by chunk: a UTF-16 file ("Unicode text" from Excel, with its BOM) is decoded as it
 * streams, exactly as decoding it whole would (characters split between chunks are joined).
 */
export async function* utf8Chunks(source: FileSource, reuse = false): AsyncGenerator<Buffer> {
  const head = await source.read(0, 2)
  if (!head.equals(UTF16LE_BOM)) {
    yield* source.chunks(undefined, reuse)
    return
  }
  const decoder = new StringDecoder("utf16le")
  // The BOM's two bytes are dropped, even when the first chunk is shorter.
  let skip = 2
  for await (const chunk of source.chunks(undefined, reuse)) {
    const skipped = Math.min(skip, chunk.length)
    skip -= skipped
    const text = decoder.write(chunk.subarray(skipped))
    if (text.length) {
      yield Buffer.from(text, "utf8")
    }
  }
  const rest = decoder.end()
  if (rest.length) {
    yield Buffer.from(rest, "utf8")
  }
}

export type CsvScan = {
  /** The first 64 KB (UTF-8), for the delimiter. */
  head: Buffer
  /** Whether the file has a quote character anywhere (only known to be false when the whole file was looked at). */
  hasQuote: boolean
  /** Bytes of a UTF-8 BOM at the start (0 or 3). */
  start: number
  /** The first line end (CRLF, LF or a lone CR), used for every line after it; null when the file is one line. */
  lineEnd: Buffer | null
  /** Lines in the file, counted no further than one past `maxRows` (undefined when the scan stopped at a quote). */
  rows: number | undefined
}

/**
 * Looks over the file. Stops early at the first quote character when `stopAtQuote` (the file then goes to csv-parse,
 * which needs no row count), and once the row count is past `maxRows`.
 */
export const scanCsv = async (source: FileSource, maxRows: number, stopAtQuote: boolean): Promise<CsvScan> => {
  const heads: Buffer[] = []
  let headLength = 0
  let hasQuote = false
  let start = 0
  let lineEnd: Buffer | null = null
  let lineEnds = 0
  let total = 0
  // The last two bytes seen, for a line end split between chunks and for the file's end.
  let last = -1
  let beforeLast = -1
  let pendingCr = false
  // Nothing of a chunk is kept (the head is copied): one buffer serves the whole pass.
  for await (const chunk of utf8Chunks(source, true)) {
    if (headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - headLength)
      heads.push(Buffer.from(part))
      headLength += part.length
      if (total === 0 || headLength - part.length < 3) {
        start = Buffer.concat(heads).subarray(0, 3).equals(UTF8_BOM) ? 3 : 0
      }
    }
    if (!hasQuote && chunk.includes(QUOTE)) {
      hasQuote = true
      if (stopAtQuote && headLength >= Math.min(HEAD_BYTES, source.size)) {
        return { head: Buffer.concat(heads), hasQuote, start, lineEnd: null, rows: undefined }
      }
    }
    // BOM bytes are never line ends: counting may start at the chunk's start.
    let from = 0
    if (lineEnd === null) {
      if (pendingCr) {
        pendingCr = false
        lineEnd = chunk[0] === LF ? Buffer.from([CR, LF]) : Buffer.from([CR])
        // The CR that ended the last chunk is the first line end (a CRLF is counted just below).
        if (lineEnd.length === 1) {
          lineEnds++
        }
      }
      for (let i = 0; lineEnd === null && i < chunk.length; i++) {
        if (chunk[i] === LF) {
          lineEnd = Buffer.from([LF])
        } else if (chunk[i] === CR) {
          if (i + 1 < chunk.length) {
            lineEnd = chunk[i + 1] === LF ? Buffer.from([CR, LF]) : Buffer.from([CR])
          } else {
            pendingCr = true
          }
        }
      }
    }
    if (lineEnd !== null && lineEnd.length === 2 && chunk[0] === LF && last === CR) {
      lineEnds++
      from = 1
    }
    if (lineEnd !== null) {
      lineEnds += countLineEnds(chunk, from, lineEnd)
    }
    if (chunk.length >= 2) {
      beforeLast = chunk[chunk.length - 2]
    } else if (chunk.length === 1) {
      beforeLast = last
    }
    if (chunk.length) {
      last = chunk[chunk.length - 1]
    }
    total += chunk.length
    if (lineEnds > maxRows) {
      break
    }
  }
  if (pendingCr) {
    lineEnd = Buffer.from([CR])
    lineEnds = 1
  }
  let rows = 1
  if (lineEnd !== null) {
    const endsWithLineEnd = lineEnd.length === 2 ? beforeLast === CR && last === LF : last === lineEnd[0]
    rows = lineEnds + (endsWithLineEnd ? 0 : 1)
  }
  return { head: Buffer.concat(heads), hasQuote, start, lineEnd, rows }
}

/** Occurrences of the line end in chunk[from..]; a CRLF split between two chunks is counted by the caller. */
const countLineEnds = (chunk: Buffer, from: number, lineEnd: Buffer): number => {
  let count = 0
  if (lineEnd.length === 1) {
    for (let at = chunk.indexOf(lineEnd[0], from); at !== -1; at = chunk.indexOf(lineEnd[0], at + 1)) {
      count++
    }
    return count
  }
  for (let at = chunk.indexOf(lineEnd, from); at !== -1; at = chunk.indexOf(lineEnd, at + 2)) {
    count++
  }
  return count
}
