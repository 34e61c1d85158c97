import type { SortedCodes } from "../sorted-codes"

/*
 * A million imported codes held compactly: the bytes of every code in 1 MB blocks (a code never straddles two), no
 * JavaScript string per code. Codes of one length (what code lists are) need no index at all: code i sits at a place
 * computed from i. Only when a second length turns up does each code get its start (4 bytes) and length (1 byte).
 * Rows are kept only when they differ from "the i-th code is on row i + 2" (a file with blank or refused rows), as
 * 4 bytes each. Sorting is an in-place radix sort of one Uint32Array of indices, not a sort of strings.
 */

const BLOCK_BITS = 20
const BLOCK = 1 << BLOCK_BITS
// Codes of one length go 16,384 to a block (at most 1 MB for 64-character codes), so code i is found by shifts.
const PER_BLOCK_BITS = 14
const PER_BLOCK = 1 << PER_BLOCK_BITS
// Arrays sized by the row count when it is known; otherwise they start here and grow by half.
const INITIAL_CAPACITY = 1024
const BUCKETS = 256
// Ranges this small are sorted by insertion rather than by another radix pass.
const SMALL_RANGE = 24

/** Codes are ASCII (the code rules allow only [A-Z0-9_-]), 1 to 255 bytes. */
export class PackedCodes {
  private readonly blocks: Buffer[] = []
  private writeAt = 0
  private count = 0
  private width = -1
  private starts: Uint32Array | null = null
  private lengths: Uint8Array | null = null
  private rowList: Uint32Array | null = null

  constructor(private capacity = INITIAL_CAPACITY) {
    this.capacity = Math.max(1, capacity)
  }

  get size(): number {
    return this.count
  }

  add(code: string, row: number): void {
    const length = code.length
    const i = this.count
    if (this.width === -1) {
      this.width = length
    } else if (length !== this.width && this.lengths === null) {
      this.becomeVariable()
    }
    if (this.lengths === null) {
      const slot = i & (PER_BLOCK - 1)
      if (slot === 0) {
        this.blocks.push(Buffer.allocUnsafe(PER_BLOCK * this.width))
      }
      this.blocks[i >>> PER_BLOCK_BITS].write(code, slot * this.width, "latin1")
      this.writeAt = (slot + 1) * this.width
    } else {
      let block = this.blocks.length - 1
      if (block < 0 || this.writeAt + length > this.blocks[block].length) {
        this.blocks.push(Buffer.allocUnsafe(BLOCK))
        this.writeAt = 0
        block++
      }
      this.blocks[block].write(code, this.writeAt, "latin1")
      this.ensureCapacity(i + 1)
      this.starts![i] = block * BLOCK + this.writeAt
      this.lengths[i] = length
      this.writeAt += length
    }
    if (this.rowList !== null) {
      this.ensureCapacity(i + 1)
      this.rowList[i] = row
    } else if (row !== i + 2) {
      this.ensureCapacity(i + 1)
      this.rowList = new Uint32Array(this.capacity)
      for (let k = 0; k < i; k++) {
        this.rowList[k] = k + 2
      }
      this.rowList[i] = row
    }
    this.count++
  }

  /** The file row of the i-th code added. */
  row(i: number): number {
    return this.rowList === null ? i + 2 : this.rowList[i]
  }

  code(i: number): string {
    const at = this.startOf(i)
    return this.blocks[at >>> BLOCK_BITS].toString("latin1", at & (BLOCK - 1), (at & (BLOCK - 1)) + this.lengthOf(i))
  }

  /** Copies the i-th code into `target` at `offset`; returns the offset after it. */
  write(i: number, target: Buffer, offset: number): number {
    const at = this.startOf(i)
    const from = at & (BLOCK - 1)
    return offset + this.blocks[at >>> BLOCK_BITS].copy(target, offset, from, from + this.lengthOf(i))
  }

  /** Whether the codes at indices a and b are the same. */
  same(a: number, b: number): boolean {
    const length = this.lengthOf(a)
    if (length !== this.lengthOf(b)) {
      return false
    }
    const x = this.startOf(a)
    const y = this.startOf(b)
    const bx = this.blocks[x >>> BLOCK_BITS]
    const by = this.blocks[y >>> BLOCK_BITS]
    const ox = x & (BLOCK - 1)
    const oy = y & (BLOCK - 1)
    for (let k = 0; k < length; k++) {
      if (bx[ox + k] !== by[oy + k]) {
        return false
      }
    }
    return true
  }

  /**
   * The indices of all codes in ascending byte order (a shorter code before the longer ones it starts); equal codes end
   * up next to each other, in no particular order. An in-place MSD radix sort (American flag sort): the index array is
   * the only memory it needs beyond 1 KB of counts per byte position.
   */
  sortedOrder(): Uint32Array {
    const n = this.count
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      order[i] = i
    }
    let longest = 0
    for (let i = 0; i < n; i++) {
      longest = Math.max(longest, this.lengthOf(i))
    }
    const counts: Uint32Array[] = []
    const sortRange = (lo: number, hi: number, depth: number): void => {
      while (hi - lo > 1 && depth < longest) {
        if (hi - lo <= SMALL_RANGE) {
          this.insertionSort(order, lo, hi, depth)
          return
        }
        const count = (counts[depth] ??= new Uint32Array(BUCKETS * 2))
        count.fill(0, 0, BUCKETS)
        for (let k = lo; k < hi; k++) {
          count[this.byteAt(order[k], depth)]++
        }
        // Bucket b runs from `start` (kept in count[BUCKETS + b] as the next free place) to the next bucket's start.
        let single = -1
        let start = lo
        for (let b = 0; b < BUCKETS; b++) {
          if (count[b] === hi - lo) {
            single = b
          }
          count[BUCKETS + b] = start
          start += count[b]
          count[b] = start
        }
        if (single !== -1) {
          // One byte for the whole range: on to the next position (ended codes, byte 0, are all equal).
          if (single === 0) {
            return
          }
          depth++
          continue
        }
        for (let b = 0; b < BUCKETS; b++) {
          while (count[BUCKETS + b] < count[b]) {
            let value = order[count[BUCKETS + b]]
            let key = this.byteAt(value, depth)
            while (key !== b) {
              const at = count[BUCKETS + key]++
              const displaced = order[at]
              order[at] = value
              value = displaced
              key = this.byteAt(value, depth)
            }
            order[count[BUCKETS + b]++] = value
          }
        }
        // count[b] is now each bucket's end; byte 0 (codes that ended) needs no further sorting.
        let from = count[0]
        for (let b = 1; b < BUCKETS; b++) {
          const to = count[b]
          if (to - from > 1) {
            sortRange(from, to, depth + 1)
          }
          from = to
        }
        return
      }
    }
    sortRange(0, n, 0)
    return order
  }

  /** Orders order[lo, hi) by the codes' bytes from `depth` on (they agree before it). */
  private insertionSort(order: Uint32Array, lo: number, hi: number, depth: number): void {
    for (let i = lo + 1; i < hi; i++) {
      const value = order[i]
      let j = i - 1
      while (j >= lo && this.compareFrom(order[j], value, depth) > 0) {
        order[j + 1] = order[j]
        j--
      }
      order[j + 1] = value
    }
  }

  private compareFrom(a: number, b: number, depth: number): number {
    const la = this.lengthOf(a)
    const lb = this.lengthOf(b)
    const x = this.startOf(a)
    const y = this.startOf(b)
    const bx = this.blocks[x >>> BLOCK_BITS]
    const by = this.blocks[y >>> BLOCK_BITS]
    const ox = x & (BLOCK - 1)
    const oy = y & (BLOCK - 1)
    const shorter = Math.min(la, lb)
    for (let k = depth; k < shorter; k++) {
      const d = bx[ox + k] - by[oy + k]
      if (d !== 0) {
        return d
      }
    }
    return la - lb
  }

  /** The codes in `order` (ascending and distinct, from `sortedOrder` of a checked file) as SortedCodes. */
  sortedCodes(order: Uint32Array): SortedCodes {
    return {
      size: order.length,
      code: (i) => this.code(order[i]),
      write: (i, target, offset) => this.write(order[i], target, offset),
    }
  }

  /** Byte `position` of code i, 0 past its end (no code byte is 0, so shorter codes sort first). */
  private byteAt(i: number, position: number): number {
    if (this.lengths === null) {
      return position < this.width ? this.blocks[i >>> PER_BLOCK_BITS][(i & (PER_BLOCK - 1)) * this.width + position] : 0
    }
    if (position >= this.lengths[i]) {
      return 0
    }
    const at = this.starts![i] + position
    return this.blocks[at >>> BLOCK_BITS][at & (BLOCK - 1)]
  }

  private lengthOf(i: number): number {
    return this.lengths === null ? this.width : this.lengths[i]
  }

  /** Where code i starts: block (times BLOCK) plus offset. */
  private startOf(i: number): number {
    return this.starts !== null ? this.starts[i] : (i >>> PER_BLOCK_BITS) * BLOCK + (i & (PER_BLOCK - 1)) * this.width
  }

  /** From fixed width to a start and length per code, for the codes so far. */
  private becomeVariable(): void {
    this.ensureCapacity(this.count + 1)
    const starts = new Uint32Array(this.capacity)
    const lengths = new Uint8Array(this.capacity)
    for (let k = 0; k < this.count; k++) {
      starts[k] = this.startOf(k)
      lengths[k] = this.width
    }
    this.starts = starts
    this.lengths = lengths
  }

  private ensureCapacity(wanted: number): void {
    if (wanted <= this.capacity) {
      return
    }
    const capacity = Math.max(wanted, Math.ceil(this.capacity * 1.5))
    if (this.starts !== null) {
      const starts = new Uint32Array(capacity)
      starts.set(this.starts)
      this.starts = starts
      const lengths = new Uint8Array(capacity)
      lengths.set(this.lengths!)
      this.lengths = lengths
    }
    if (this.rowList !== null) {
      const rows = new Uint32Array(capacity)
      rows.set(this.rowList)
      this.rowList = rows
    }
    this.capacity = capacity
  }
}
