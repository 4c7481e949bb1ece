/**
 * Longest-prefix lookup over E.164 destinations, effective-dated, built for speed: this is the
 * hot path of every call set-up, so it is hand-written over typed arrays rather than objects.
 *
 * Layout. E.164 digits never start with 0 and are at most 15 long (< 2^53), so a prefix is
 * its numeric value. Every version of every prefix is one record [prefix, effectiveFrom, rate,
 * prefix length] in one Float64Array (descriptions aside), grouped into buckets:
 * - a prefix with at least K digits sits in the bucket of its first K digits;
 * - a shorter prefix has a bucket of its own, numbered by its value (< 10^(K-1), so the two
 *   kinds never share a number).
 * Inside a bucket, records run longest prefix first, then newest version first. A lookup scans
 * the destination's K-digit bucket for the first record whose prefix the destination starts
 * with and that is in force at the instant, then tries the shorter prefixes' own buckets. A
 * bucket is a few adjacent records, so a lookup touches two or three cache lines and allocates
 * nothing. K grows with the index (6 for a million prefixes) so buckets stay small.
 */

/** No effective date: in force since forever. */
export const ALWAYS = Number.NEGATIVE_INFINITY
export const MAX_DIGITS = 15

/** One version of a prefix's rate; `effectiveFrom` in epoch milliseconds (ALWAYS when none). */
export interface PrefixRate {
  prefix: string
  rateMicros: number
  effectiveFrom: number
  description: string
}

/** The digits of "+4420..." (or "4420..."), or null when it is not an E.164 number. */
export function e164Digits(destination: string): string | null {
  const digits = destination.startsWith('+') ? destination.slice(1) : destination
  return /^[1-9]\d{0,14}$/.test(digits) ? digits : null
}

const RECORD = 4
const KEY = 0
const FROM = 1
const RATE = 2
const LENGTH = 3
/** Buckets up to this many records are scanned; bigger ones are binary-searched per length. */
const SCAN_LIMIT = 12

/** Bucket digits: about one bucket per four prefixes, between 2 and 6 digits. */
function bucketDigits(prefixes: number) {
  return Math.min(6, Math.max(2, Math.floor(Math.log10(Math.max(1, prefixes) * 4))))
}

/** Collects rates in any order, then freezes them into a `PrefixIndex`. */
export class PrefixIndexBuilder {
  #rows = new Float64Array(1024 * RECORD)
  #descs = new Int32Array(1024)
  #count = 0
  #descriptions: string[] = []
  #descIds = new Map<string, number>()
  #keys = new Set<number>()

  /** Adds one version of a prefix; the prefix must be 1-15 digits not starting with 0. */
  add(prefix: string, rateMicros: number, effectiveFrom: number = ALWAYS, description = '') {
    if (e164Digits(prefix) !== prefix) throw new RangeError(`"${prefix}" is not a destination prefix`)
    if ((this.#count + 1) * RECORD > this.#rows.length) {
      const bigger = new Float64Array(this.#rows.length * 2)
      bigger.set(this.#rows)
      this.#rows = bigger
      const descs = new Int32Array(this.#descs.length * 2)
      descs.set(this.#descs)
      this.#descs = descs
    }
    const key = Number(prefix)
    this.#descs[this.#count] = this.#describe(description)
    const at = this.#count++ * RECORD
    this.#rows[at + KEY] = key
    this.#rows[at + FROM] = effectiveFrom
    this.#rows[at + RATE] = rateMicros
    this.#rows[at + LENGTH] = prefix.length
    this.#keys.add(key)
  }

  /** Versions added so far. */
  get size() {
    return this.#count
  }

  /** Counting-sorts the records into buckets, then orders each bucket for the scan. */
  build(): PrefixIndex {
    const n = this.#count
    const k = bucketDigits(this.#keys.size)
    const starts = new Int32Array(10 ** k + 1)
    const bucketOf = new Int32Array(n)
    for (let row = 0; row < n; row++) {
      const key = this.#rows[row * RECORD + KEY]
      const length = this.#rows[row * RECORD + LENGTH]
      const bucket = length < k ? key : Math.floor(key / 10 ** (length - k))
      bucketOf[row] = bucket
      starts[bucket + 1]++
    }
    for (let bucket = 1; bucket < starts.length; bucket++) starts[bucket] += starts[bucket - 1]
    const order = new Int32Array(n)
    const fill = starts.slice(0, -1)
    for (let row = 0; row < n; row++) order[fill[bucketOf[row]]++] = row
    const { records, descs } = this.#sortBuckets(starts, order)
    return new PrefixIndex({ k, starts, records, descs, descriptions: this.#descriptions, prefixes: this.#keys.size })
  }

  /** Longest prefix first, then newest version first; on a tie the row added later wins. */
  #sortBuckets(starts: Int32Array, order: Int32Array) {
    const rows = this.#rows
    const before = (a: number, b: number) => {
      const lengthA = rows[a * RECORD + LENGTH]
      const lengthB = rows[b * RECORD + LENGTH]
      if (lengthA !== lengthB) return lengthB - lengthA
      const keyA = rows[a * RECORD + KEY]
      const keyB = rows[b * RECORD + KEY]
      if (keyA !== keyB) return keyA - keyB
      const fromA = rows[a * RECORD + FROM]
      const fromB = rows[b * RECORD + FROM]
      return fromA !== fromB ? (fromB > fromA ? 1 : -1) : b - a
    }
    const records = new Float64Array(this.#count * RECORD)
    const descs = new Int32Array(this.#count)
    for (let bucket = 0; bucket < starts.length - 1; bucket++) {
      const first = starts[bucket]
      const end = starts[bucket + 1]
      if (end - first > 1) order.subarray(first, end).sort(before)
    }
    for (let at = 0; at < order.length; at++) {
      records.set(rows.subarray(order[at] * RECORD, (order[at] + 1) * RECORD), at * RECORD)
      descs[at] = this.#descs[order[at]]
    }
    return { records, descs }
  }

  #describe(description: string) {
    let id = this.#descIds.get(description)
    if (id === undefined) {
      id = this.#descriptions.push(description) - 1
      this.#descIds.set(description, id)
    }
    return id
  }
}

interface IndexParts {
  k: number
  starts: Int32Array
  records: Float64Array
  descs: Int32Array
  descriptions: string[]
  prefixes: number
}

/** A frozen index: lookups only. A hit is a record position, so it allocates nothing. */
export class PrefixIndex {
  readonly prefixes: number
  #k: number
  #starts: Int32Array
  #records: Float64Array
  #descs: Int32Array
  #descriptions: string[]
  #values = new Float64Array(MAX_DIGITS + 1)

  constructor(parts: IndexParts) {
    this.prefixes = parts.prefixes
    this.#k = parts.k
    this.#starts = parts.starts
    this.#records = parts.records
    this.#descs = parts.descs
    this.#descriptions = parts.descriptions
  }

  /** An index with nothing in it: every lookup misses. */
  static empty() {
    return new PrefixIndexBuilder().build()
  }

  /** Versions held, all prefixes together. */
  get size() {
    return this.#records.length / RECORD
  }

  /**
   * The position of the record that prices `destination` at `at` (epoch ms): the longest
   * prefix with a version in force then, and its latest such version. -1 when none.
   */
  find(destination: string, at: number): number {
    const values = this.#values
    const skip = destination.charCodeAt(0) === 43 ? 1 : 0
    const length = destination.length - skip
    if (length < 1 || length > MAX_DIGITS || destination.charCodeAt(skip) === 48) return -1
    let value = 0
    for (let i = 0; i < length; i++) {
      const digit = destination.charCodeAt(skip + i) - 48
      if (digit < 0 || digit > 9) return -1
      value = value * 10 + digit
      values[i + 1] = value
    }
    const k = this.#k
    const starts = this.#starts
    const records = this.#records
    if (length >= k) {
      const bucket = values[k]
      const first = starts[bucket]
      const end = starts[bucket + 1]
      const found = end - first <= SCAN_LIMIT ? this.#scan(first, end, length, at) : this.#search(first, end, length, at)
      if (found >= 0) return found
    }
    for (let len = length < k ? length : k - 1; len > 0; len--) {
      const bucket = values[len]
      for (let r = starts[bucket], end = starts[bucket + 1]; r < end; r++) {
        if (records[r * RECORD + FROM] <= at) return r
      }
    }
    return -1
  }

  /** A small bucket: one pass over its records, longest prefix first. */
  #scan(first: number, end: number, length: number, at: number) {
    const records = this.#records
    const values = this.#values
    for (let r = first; r < end; r++) {
      const base = r * RECORD
      const prefixLength = records[base + LENGTH]
      if (prefixLength <= length && values[prefixLength] === records[base + KEY] && records[base + FROM] <= at) return r
    }
    return -1
  }

  /**
   * A crowded bucket (many prefixes under the same first digits): per prefix length, longest
   * first, a binary search for the destination's own prefix of that length.
   */
  #search(first: number, end: number, length: number, at: number) {
    const records = this.#records
    for (let group = first; group < end; ) {
      const prefixLength = records[group * RECORD + LENGTH]
      let low = group
      let high = end
      while (low < high) {
        const mid = (low + high) >>> 1
        if (records[mid * RECORD + LENGTH] >= prefixLength) low = mid + 1
        else high = mid
      }
      const groupEnd = low
      if (prefixLength <= length) {
        const found = this.#versionsOf(this.#values[prefixLength], group, groupEnd, at)
        if (found >= 0) return found
      }
      group = groupEnd
    }
    return -1
  }

  /** Within one length group (sorted by prefix), the newest version of `key` in force at `at`. */
  #versionsOf(key: number, first: number, end: number, at: number) {
    const records = this.#records
    let low = first
    let high = end
    while (low < high) {
      const mid = (low + high) >>> 1
      if (records[mid * RECORD + KEY] < key) low = mid + 1
      else high = mid
    }
    for (let r = low; r < end && records[r * RECORD + KEY] === key; r++) {
      if (records[r * RECORD + FROM] <= at) return r
    }
    return -1
  }

  /** The match as an object, or null: for callers off the hot path. */
  match(destination: string, at: number): PrefixRate | null {
    const r = this.find(destination, at)
    return r < 0 ? null : this.record(r)
  }

  /** The record at a position `find` returned. */
  record(r: number): PrefixRate {
    const base = r * RECORD
    return {
      prefix: String(this.#records[base + KEY]),
      rateMicros: this.#records[base + RATE],
      effectiveFrom: this.#records[base + FROM],
      description: this.#descriptions[this.#descs[r]],
    }
  }

  /** Every prefix with a version in force at `at`, that version, by prefix: for listings, not lookups. */
  inForce(at: number): PrefixRate[] {
    const records = this.#records
    const found: PrefixRate[] = []
    let done = -1
    for (let r = 0; r < records.length / RECORD; r++) {
      const key = records[r * RECORD + KEY]
      if (key === done || records[r * RECORD + FROM] > at) continue
      done = key
      found.push(this.record(r))
    }
    return found.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0))
  }

  /** The rate of the record at a position `find` returned. */
  rateAt(r: number) {
    return this.#records[r * RECORD + RATE]
  }
}
