import { PackedStrings } from "../packed-strings"
import type { SortedCodes } from "../sorted-codes"

/*
 * An import's codes held compactly (packed-strings.ts: no JavaScript string per code, no index for codes of one
 * length), with their file rows kept only when they differ from "the i-th code is on row i + 2" (a file with blank or
 * refused rows), as 4 bytes each, and sorted by an in-place radix sort of one Uint32Array of indices.
 */

const BUCKETS = 256
// Ranges this small are sorted by insertion rather than by another radix pass.
const SMALL_RANGE = 32

/** Codes are ASCII (the code rules allow only [A-Z0-9_-]), 1 to 255 bytes. */
export class PackedCodes extends PackedStrings {
  private rowList: Uint32Array | null = null

  add(code: string, row: number): void {
    const i = this.count
    this.push(code)
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
  }

  /** The file row of the i-th code added. */
  row(i: number): number {
    return this.rowList === null ? i + 2 : this.rowList[i]
  }

  code(i: number): string {
    return this.get(i)
  }

  /** Whether the codes at indices a and b are the same. */
  same(a: number, b: number): boolean {
    return this.lengthOf(a) === this.lengthOf(b) && this.compareFrom(a, b, 0) === 0
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
        // Only the buckets between the lowest and highest byte met are walked: codes use a few dozen of the 256.
        let lowest = BUCKETS - 1
        let highest = 0
        for (let k = lo; k < hi; k++) {
          const key = this.byteAt(order[k], depth)
          count[key]++
          if (key < lowest) {
            lowest = key
          }
          if (key > highest) {
            highest = key
          }
        }
        if (lowest === highest) {
          // One byte for the whole range: on to the next position (ended codes, byte 0, are all equal).
          if (lowest === 0) {
            return
          }
          depth++
          continue
        }
        // Bucket b runs from count[BUCKETS + b] (then the next free place in it) to count[b] (its end).
        let start = lo
        for (let b = lowest; b <= highest; b++) {
          count[BUCKETS + b] = start
          start += count[b]
          count[b] = start
        }
        for (let b = lowest; b <= highest; b++) {
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
        // Byte 0 (codes that ended here) needs no further sorting.
        let from = lo
        for (let b = lowest; b <= highest; b++) {
          const to = count[b]
          if (b !== 0 && to - from > 1) {
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

  /** The codes in `order` (ascending and distinct, from `sortedOrder` of a checked file) as SortedCodes. */
  sortedCodes(order: Uint32Array): SortedCodes {
    return {
      size: order.length,
      code: (i) => this.code(order[i]),
      write: (i, target, offset) => this.write(order[i], target, offset),
    }
  }

  protected grown(capacity: number): void {
    if (this.rowList !== null) {
      const rows = new Uint32Array(capacity)
      rows.set(this.rowList)
      this.rowList = rows
    }
  }
}
