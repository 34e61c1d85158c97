import { createInflateRaw } from "zlib"
import { pipeline, Readable } from "stream"
import { bufferSource, FileSource } from "./file-source"
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

/** Part of a zip file: `buffer` holds its bytes from `base` to the end of the file, which is `size` bytes long. */
type ZipView = { buffer: Buffer; base: number; size: number }

/** Thrown while reading a view that does not reach back to `position`: the caller reads from there and tries again. */
class NeedsBytesFrom {
  constructor(readonly position: number) {}
}

// The directory of a real workbook is a few KB; a file claiming more is refused before it is read.
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024
const TAIL_BYTES = END_OF_DIRECTORY_SIZE + LARGEST_COMMENT + 20

/**
 * The entries of the zip in `buffer`, by name.
 * @throws DamagedFileError when the central directory is missing or inconsistent.
 */
export const readZipEntries = (buffer: Buffer): Map<string, ZipEntry> =>
  readEntriesIn({ buffer, base: 0, size: buffer.length })

/**
 * The entries of the zip in `source`, reading only its end: the end of directory record, then the directory (at most
 * 16 MB). Same results and refusals as `readZipEntries` on the whole file.
 */
export const readZipEntriesFrom = async (source: FileSource): Promise<Map<string, ZipEntry>> => {
  const tailStart = Math.max(0, source.size - TAIL_BYTES)
  let view: ZipView = { buffer: await source.read(tailStart, source.size - tailStart), base: tailStart, size: source.size }
  for (;;) {
    try {
      return readEntriesIn(view)
    } catch (error) {
      if (!(error instanceof NeedsBytesFrom)) {
        throw error
      }
      if (source.size - error.position > MAX_DIRECTORY_BYTES) {
        throw new DamagedFileError("its zip directory is larger than a workbook's can be")
      }
      view = { buffer: await source.read(error.position, source.size - error.position), base: error.position, size: source.size }
    }
  }
}

const readEntriesIn = (view: ZipView): Map<string, ZipEntry> => {
  const { buffer: bytes, base } = view
  const index = (position: number): number => {
    if (position < base) {
      throw new NeedsBytesFrom(position)
    }
    return position - base
  }
  const u16 = (position: number) => bytes.readUInt16LE(index(position))
  const u32 = (position: number) => bytes.readUInt32LE(index(position))
  const u64 = (position: number) => safeNumber(bytes.readBigUInt64LE(index(position)))
  const end = findEndOfDirectory(bytes) + base
  let count = u16(end + 10)
  let size = u32(end + 12)
  let offset = u32(end + 16)
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20
    if (locator < 0 || u32(locator) !== ZIP64_LOCATOR) {
      throw new DamagedFileError("the zip64 directory locator is missing")
    }
    const zip64End = u64(locator + 8)
    if (zip64End + 56 > view.size || u32(zip64End) !== ZIP64_END_OF_DIRECTORY) {
      throw new DamagedFileError("the zip64 end of directory is missing")
    }
    count = u64(zip64End + 32)
    size = u64(zip64End + 40)
    offset = u64(zip64End + 48)
  }
  if (count > MAX_ENTRIES) {
    throw new DamagedFileError(`it has ${count} parts; a workbook has at most ${MAX_ENTRIES}`)
  }
  if (offset + size > view.size) {
    throw new DamagedFileError("the central directory is cut off")
  }
  index(offset)
  const entries = new Map<string, ZipEntry>()
  let at = offset
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.size || u32(at) !== DIRECTORY_ENTRY) {
      throw new DamagedFileError("a central directory entry is damaged")
    }
    const nameLength = u16(at + 28)
    const extraLength = u16(at + 30)
    const commentLength = u16(at + 32)
    const nameEnd = at + 46 + nameLength
    if (nameEnd + extraLength > view.size) {
      throw new DamagedFileError("a central directory entry is cut off")
    }
    const entry: ZipEntry = {
      name: bytes.toString("utf8", index(at + 46), index(nameEnd)),
      method: u16(at + 10),
      flags: u16(at + 8),
      compressedSize: u32(at + 20),
      localOffset: u32(at + 42),
    }
    readZip64Sizes(bytes, index(nameEnd), index(nameEnd + extraLength), entry, u32(at + 24) === 0xffffffff)
    entries.set(entry.name, entry)
    at = nameEnd + extraLength + commentLength
  }
  return entries
}

/** Where the end of directory record is in `buffer` (the file's last bytes, enough to hold the record and a comment). */
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
  file: Buffer | FileSource,
  entry: ZipEntry,
  budget: InflateBudget,
  maxBytes = Infinity
): AsyncGenerator<Buffer> {
  if (entry.flags & 0x1) {
    throw new DamagedFileError(`${entry.name} is encrypted`)
  }
  const source = Buffer.isBuffer(file) ? bufferSource(file) : file
  const at = entry.localOffset
  const header = at + 30 > source.size ? null : await source.read(at, 30)
  if (header === null || header.readUInt32LE(0) !== LOCAL_ENTRY) {
    throw new DamagedFileError(`the local header of ${entry.name} is damaged`)
  }
  const start = at + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  const end = start + entry.compressedSize
  if (end > source.size) {
    throw new DamagedFileError(`${entry.name} is cut off`)
  }
  // The compressed bytes, read a piece at a time where the part is.
  async function* compressed(): AsyncGenerator<Buffer> {
    for (let offset = start; offset < end; offset += INFLATE_CHUNK) {
      yield await source.read(offset, Math.min(INFLATE_CHUNK, end - offset))
    }
  }
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
    for await (const chunk of compressed()) {
      count(chunk)
      yield chunk
    }
    return
  }
  if (entry.method !== 8) {
    throw new DamagedFileError(`${entry.name} uses compression method ${entry.method}, which is not supported`)
  }
  // Breaking out of this loop (a limit, or the caller stopping) destroys the stream: zlib stops inflating.
  // pipeline: when the inflater is destroyed, reading stops too.
  const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK })
  pipeline(Readable.from(compressed(), { objectMode: false }), inflater, () => undefined)
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
