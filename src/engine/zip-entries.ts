import { createInflateRaw } from "zlib"
import { Readable } from "stream"
import { DamagedFileError } from "./code-file-limits"
import { EngineError } from "./errors"

/*
 * The zip container of an .xlsx upload, read from the buffer it is already in. Entries are found through the
 * central directory, so parts can be read in the order the reader needs (shared strings before the sheet) whatever
 * order the writer chose, and only the parts the import needs are ever inflated. Inflated bytes are counted as they
 * come out of zlib: the sizes a zip declares can lie.
 */

export type ZipEntry = {
  name: string
  /** 0 stored, 8 deflated. */
  method: number
  flags: number
  compressedSize: number
  /** Offset of the entry's local header. */
  localOffset: number
}

const END_OF_DIRECTORY = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_END_OF_DIRECTORY = 0x06064b50
const DIRECTORY_ENTRY = 0x02014b50
const LOCAL_ENTRY = 0x04034b50
const END_OF_DIRECTORY_SIZE = 22
const LARGEST_COMMENT = 0xffff
// Workbooks have tens of parts; a directory of millions would cost memory before any limit below is reached.
const MAX_ENTRIES = 10_000

/**
 * The entries of the zip in `buffer`, by name.
 * @throws DamagedFileError when the central directory is missing or inconsistent.
 */
export const readZipEntries = (buffer: Buffer): Map<string, ZipEntry> => {
  const end = findEndOfDirectory(buffer)
  let count = buffer.readUInt16LE(end + 10)
  let size = buffer.readUInt32LE(end + 12)
  let offset = buffer.readUInt32LE(end + 16)
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20
    if (locator < 0 || buffer.readUInt32LE(locator) !== ZIP64_LOCATOR) {
      throw new DamagedFileError("the zip64 directory locator is missing")
    }
    const zip64End = safeNumber(buffer.readBigUInt64LE(locator + 8))
    if (zip64End + 56 > buffer.length || buffer.readUInt32LE(zip64End) !== ZIP64_END_OF_DIRECTORY) {
      throw new DamagedFileError("the zip64 end of directory is missing")
    }
    count = safeNumber(buffer.readBigUInt64LE(zip64End + 32))
    size = safeNumber(buffer.readBigUInt64LE(zip64End + 40))
    offset = safeNumber(buffer.readBigUInt64LE(zip64End + 48))
  }
  if (count > MAX_ENTRIES) {
    throw new DamagedFileError(`it has ${count} parts; a workbook has at most ${MAX_ENTRIES}`)
  }
  if (offset + size > buffer.length) {
    throw new DamagedFileError("the central directory is cut off")
  }
  const entries = new Map<string, ZipEntry>()
  let at = offset
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== DIRECTORY_ENTRY) {
      throw new DamagedFileError("a central directory entry is damaged")
    }
    const nameLength = buffer.readUInt16LE(at + 28)
    const extraLength = buffer.readUInt16LE(at + 30)
    const commentLength = buffer.readUInt16LE(at + 32)
    const nameEnd = at + 46 + nameLength
    if (nameEnd + extraLength > buffer.length) {
      throw new DamagedFileError("a central directory entry is cut off")
    }
    const entry: ZipEntry = {
      name: buffer.toString("utf8", at + 46, nameEnd),
      method: buffer.readUInt16LE(at + 10),
      flags: buffer.readUInt16LE(at + 8),
      compressedSize: buffer.readUInt32LE(at + 20),
      localOffset: buffer.readUInt32LE(at + 42),
    }
    readZip64Sizes(buffer, nameEnd, nameEnd + extraLength, entry, buffer.readUInt32LE(at + 24) === 0xffffffff)
    entries.set(entry.name, entry)
    at = nameEnd + extraLength + commentLength
  }
  return entries
}

const findEndOfDirectory = (buffer: Buffer): number => {
  const lowest = Math.max(0, buffer.length - END_OF_DIRECTORY_SIZE - LARGEST_COMMENT)
  for (let at = buffer.length - END_OF_DIRECTORY_SIZE; at >= lowest; at--) {
    if (buffer.readUInt32LE(at) === END_OF_DIRECTORY) {
      return at
    }
  }
  throw new DamagedFileError("no zip directory found, the file may be cut off")
}

// A zip64 extra field lists, in this order, only the sizes and offset whose 32-bit fields are 0xffffffff.
const readZip64Sizes = (buffer: Buffer, from: number, to: number, entry: ZipEntry, hasUncompressed: boolean) => {
  const wantsCompressed = entry.compressedSize === 0xffffffff
  const wantsOffset = entry.localOffset === 0xffffffff
  if (!wantsCompressed && !wantsOffset) {
    return
  }
  for (let at = from; at + 4 <= to; ) {
    const id = buffer.readUInt16LE(at)
    const length = buffer.readUInt16LE(at + 2)
    if (id === 0x0001) {
      let field = at + 4 + (hasUncompressed ? 8 : 0)
      if (wantsCompressed && field + 8 <= at + 4 + length) {
        entry.compressedSize = safeNumber(buffer.readBigUInt64LE(field))
        field += 8
      }
      if (wantsOffset && field + 8 <= at + 4 + length) {
        entry.localOffset = safeNumber(buffer.readBigUInt64LE(field))
      }
      return
    }
    at += 4 + length
  }
  throw new DamagedFileError(`the zip64 sizes of ${entry.name} are missing`)
}

const safeNumber = (value: bigint): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DamagedFileError("a size in the zip is out of range")
  }
  return Number(value)
}

/** What the inflated parts of one file may add up to, shared by every part read from it. */
export type InflateBudget = {
  /** Bytes still allowed for the whole file. */
  remaining: number
  /** Thrown when a part goes past `remaining` or its own `maxBytes`. */
  onExceeded: (entry: ZipEntry, limit: "total" | "entry") => EngineError
}

const INFLATE_CHUNK = 64 * 1024

/**
 * The inflated bytes of `entry`, chunk by chunk. Stops (and throws the budget's error) as soon as the part goes past
 * `maxBytes` or the file's remaining budget, before the excess is ever held.
 * @throws DamagedFileError for encrypted parts, unknown compression or a broken deflate stream.
 */
export async function* inflateZipEntry(
  buffer: Buffer,
  entry: ZipEntry,
  budget: InflateBudget,
  maxBytes = Infinity
): AsyncGenerator<Buffer> {
  if (entry.flags & 0x1) {
    throw new DamagedFileError(`${entry.name} is encrypted`)
  }
  const at = entry.localOffset
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL_ENTRY) {
    throw new DamagedFileError(`the local header of ${entry.name} is damaged`)
  }
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28)
  const end = start + entry.compressedSize
  if (end > buffer.length) {
    throw new DamagedFileError(`${entry.name} is cut off`)
  }
  const data = buffer.subarray(start, end)
  let inflated = 0
  const count = (chunk: Buffer) => {
    inflated += chunk.length
    if (inflated > maxBytes) {
      throw budget.onExceeded(entry, "entry")
    }
    if (chunk.length > budget.remaining) {
      throw budget.onExceeded(entry, "total")
    }
    budget.remaining -= chunk.length
  }
  if (entry.method === 0) {
    for (let offset = 0; offset < data.length; offset += INFLATE_CHUNK) {
      const chunk = data.subarray(offset, offset + INFLATE_CHUNK)
      count(chunk)
      yield chunk
    }
    return
  }
  if (entry.method !== 8) {
    throw new DamagedFileError(`${entry.name} uses compression method ${entry.method}, which is not supported`)
  }
  // Breaking out of this loop (a limit, or the caller stopping) destroys the stream: zlib stops inflating.
  const inflater = Readable.from([data], { objectMode: false }).pipe(createInflateRaw({ chunkSize: INFLATE_CHUNK }))
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      count(chunk)
      yield chunk
    }
  } catch (error) {
    if (error instanceof EngineError) {
      throw error
    }
    throw new DamagedFileError(`${entry.name} cannot be inflated: ${(error as Error).message}`)
  } finally {
    inflater.destroy()
  }
}
