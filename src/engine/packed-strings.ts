/*
 * Many short strings held compactly: their bytes in blocks, no JavaScript string each. Strings of one length (what
 * code lists are) need no index: string i sits at a place computed from i by shifts,
 * 16,384 to a block (fewer for strings over 64 characters: a block is at most 1 MB). When a second length
 * turns up, each string gets its start (4 bytes) and length (1 byte). A string that is not one byte per character
 * (a character past U+00FF) or is longer than 255 characters is kept aside as it is: every string reads back exactly.
 * Used for an import's codes (code-file/packed-codes.ts) and an .xlsx's shared strings (xlsx-parts.ts).
 */

const BLOCK_BITS = 20
const BLOCK = 1 << BLOCK_BITS
const MAX_PACKED_LENGTH = 255
const NOT_LATIN1 = /[^\x00-\xff]/
// Arrays sized by the expected count when it is known; otherwise they start here and grow by half.
const INITIAL_CAPACITY = 1024

export class PackedStrings {
  protected readonly blocks: Buffer[] = []
  private writeAt = 0
  protected count = 0
  protected width = -1
  // log2 of the strings per block while they all have one width.
  private shift = 14
  protected starts: Uint32Array | null = null
  protected lengths: Uint8Array | null = null
  private aside: Map<number, string> | null = null
  protected capacity: number

  /** @param capacity how many strings are expected, when known (arrays are then sized once). */
  constructor(capacity = INITIAL_CAPACITY) {
    this.capacity = Math.max(1, capacity)
  }

  get size(): number {
    return this.count
  }

  push(text: string): void {
    const i = this.count
    const packed = text.length <= MAX_PACKED_LENGTH && !NOT_LATIN1.test(text)
    const length = packed ? text.length : 0
    if (!packed) {
      ;(this.aside ??= new Map()).set(i, text)
    }
    if (this.width === -1) {
      this.width = length
      this.shift = length <= 64 ? 14 : length <= 128 ? 13 : 12
    } else if (this.lengths === null && packed && length !== this.width) {
      this.becomeVariable()
    }
    if (this.lengths === null) {
      // A string kept aside still takes its slot, unwritten.
      const slot = i & ((1 << this.shift) - 1)
      if (slot === 0) {
        this.blocks.push(Buffer.allocUnsafe((1 << this.shift) * this.width))
      }
      if (packed) {
        this.blocks[i >>> this.shift].write(text, slot * this.width, "latin1")
      }
      this.writeAt = (slot + 1) * this.width
    } else {
      let block = this.blocks.length - 1
      if (block < 0 || this.writeAt + length > this.blocks[block].length) {
        this.blocks.push(Buffer.allocUnsafe(BLOCK))
        this.writeAt = 0
        block++
      }
      if (packed) {
        this.blocks[block].write(text, this.writeAt, "latin1")
      }
      this.ensureCapacity(i + 1)
      this.starts![i] = block * BLOCK + this.writeAt
      this.lengths[i] = length
      this.writeAt += length
    }
    this.count++
  }

  get(i: number): string {
    const aside = this.aside?.get(i)
    if (aside !== undefined) {
      return aside
    }
    const at = this.startOf(i)
    const from = at & (BLOCK - 1)
    return this.blocks[at >>> BLOCK_BITS].toString("latin1", from, from + this.lengthOf(i))
  }

  /** Copies string i (one byte per character) into `target` at `offset`; returns the offset after it. */
  write(i: number, target: Buffer, offset: number): number {
    const aside = this.aside?.get(i)
    if (aside !== undefined) {
      return offset + target.write(aside, offset, "latin1")
    }
    const at = this.startOf(i)
    const from = at & (BLOCK - 1)
    return offset + this.blocks[at >>> BLOCK_BITS].copy(target, offset, from, from + this.lengthOf(i))
  }

  /** Byte `position` of packed string i, 0 past its end. */
  protected byteAt(i: number, position: number): number {
    if (this.lengths === null) {
      return position < this.width ? this.blocks[i >>> this.shift][(i & ((1 << this.shift) - 1)) * this.width + position] : 0
    }
    if (position >= this.lengths[i]) {
      return 0
    }
    const at = this.starts![i] + position
    return this.blocks[at >>> BLOCK_BITS][at & (BLOCK - 1)]
  }

  protected lengthOf(i: number): number {
    return this.lengths === null ? this.width : this.lengths[i]
  }

  /** Where packed string i starts: its block (times 2^20) plus its offset there. */
  protected startOf(i: number): number {
    return this.starts !== null ? this.starts[i] : (i >>> this.shift) * BLOCK + (i & ((1 << this.shift) - 1)) * this.width
  }

  /** The bytes of packed strings a and b, from `depth` on, compared (a shorter string first). */
  protected compareFrom(a: number, b: number, depth: number): number {
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

  /** Makes room for `wanted` strings in every per-string array (subclasses grow theirs in `grown`). */
  protected ensureCapacity(wanted: number): void {
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
    this.grown(capacity)
    this.capacity = capacity
  }

  /** Called when the arrays grow to `capacity`: a subclass resizes its own. */
  protected grown(_capacity: number): void {}

  /** From one width to a start and length per string, for the strings so far. */
  private becomeVariable(): void {
    this.ensureCapacity(this.count + 1)
    const starts = new Uint32Array(this.capacity)
    const lengths = new Uint8Array(this.capacity)
    for (let k = 0; k < this.count; k++) {
      starts[k] = this.startOf(k)
      lengths[k] = this.aside?.has(k) ? 0 : this.width
    }
    this.starts = starts
    this.lengths = lengths
  }
}
