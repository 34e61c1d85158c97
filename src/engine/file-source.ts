import { open } from "fs/promises"

/*
 * An uploaded file as the import readers see it: its size, positioned reads, and a stream of its bytes from the start.
 * A file on disk is read a piece at a time (a CSV streams through, an .xlsx is read where its zip directory says), so an
 * import never holds the whole file; bytes already in memory (a workflow's `content`) are served from there.
 */

export type FileSource = {
  /** Bytes in the file. */
  readonly size: number
  /** Up to `length` bytes from `position` (fewer only at the end of the file). */
  read(position: number, length: number): Promise<Buffer>
  /**
   * The file's bytes from the start, `chunkSize` at a time; may be called again for another pass. With `reuse`, every
   * chunk is read into the same buffer: the caller must be done with (or copy) a chunk before asking for the next.
   */
  chunks(chunkSize?: number, reuse?: boolean): AsyncIterable<Buffer>
  close(): Promise<void>
}

const DEFAULT_CHUNK = 256 * 1024

/** Bytes already in memory, behind the same interface (reads are views, not copies). */
export const bufferSource = (buffer: Buffer): FileSource => ({
  size: buffer.length,
  read: async (position, length) => buffer.subarray(position, Math.min(buffer.length, position + length)),
  async *chunks(chunkSize = DEFAULT_CHUNK) {
    for (let at = 0; at < buffer.length; at += chunkSize) {
      yield buffer.subarray(at, at + chunkSize)
    }
  },
  close: async () => undefined,
})

/** A file on disk, open until `close`. Every read is a new buffer: callers may keep what they are given. */
export const openFileSource = async (path: string): Promise<FileSource> => {
  const handle = await open(path, "r")
  try {
    const { size } = await handle.stat()
    // Fills `target` from `position` (less at the end of the file); returns the part filled.
    const readInto = async (target: Buffer, position: number): Promise<Buffer> => {
      const wanted = Math.max(0, Math.min(target.length, size - position))
      let filled = 0
      while (filled < wanted) {
        const { bytesRead } = await handle.read(target, filled, wanted - filled, position + filled)
        if (bytesRead === 0) {
          break
        }
        filled += bytesRead
      }
      return filled === target.length ? target : target.subarray(0, filled)
    }
    const read = (position: number, length: number): Promise<Buffer> =>
      readInto(Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position))), position)
    return {
      size,
      read,
      async *chunks(chunkSize = DEFAULT_CHUNK, reuse = false) {
        const shared = reuse ? Buffer.allocUnsafe(chunkSize) : null
        for (let at = 0; at < size; at += chunkSize) {
          const chunk = shared ? await readInto(shared, at) : await read(at, chunkSize)
          if (chunk.length === 0) {
            return
          }
          yield chunk
        }
      },
      close: () => handle.close(),
    }
  } catch (error) {
    await handle.close()
    throw error
  }
}
