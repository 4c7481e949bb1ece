/**
 * Longest-prefix lookup over E.164 destinations, effective-dated, built for speed: this is the
 * hot path of every call set-up, so it is hand-written over typed arrays rather than objects.
 *
 * A prefix is keyed by its numeric value. E.164 digits never start with 0 and are at most 15
 * long (< 2^53), so the value alone says which prefix (and which length) it is: one hash table
 * holds them all. Each prefix owns a run of versions sorted by `effectiveFrom`; a lookup probes
 * the lengths that can match, longest first, and returns the first prefix with a version in
 * force at the instant. A lookup allocates nothing and touches two or three cache lines.
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

/** Hash table entries: [key, first version, version count, latest version's effectiveFrom]. */
const ENTRY = 4
/** Version records: [effectiveFrom, rate, description id, prefix key]. */
const VERSION = 4
/** Buckets pay off once the table outgrows the CPU caches; small price lists skip them. */
const BLOCK_THRESHOLD = 20_000
const BLOCK_DIGITS = 6

/** Mixes both 32-bit halves of an integer-valued double (murmur3's finaliser). */
function hash(key: number) {
  let h = (key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Open addressing with linear probing over one Float64Array; 0 marks an empty place. */
function locate(entries: Float64Array, mask: number, key: number): number {
  for (let at = hash(key) & mask; ; at = (at + 1) & mask) {
    const here = entries[at * ENTRY]
    if (here === key) return at * ENTRY
    if (here === 0) return -1 - at * ENTRY
  }
}

/** Collects rates in any order, then freezes them into a `PrefixIndex`. */
export class PrefixIndexBuilder {
  #rows = new Float64Array(1024 * VERSION)
  #count = 0
  #descriptions: string[] = []
  #descIds = new Map<string, number>()

  /** Adds one version of a prefix; the prefix must be 1-15 digits not starting with 0. */
  add(prefix: string, rateMicros: number, effectiveFrom: number = ALWAYS, description = '') {
    if (e164Digits(prefix) !== prefix) throw new RangeError(`"${prefix}" is not a destination prefix`)
    if ((this.#count + 1) * VERSION > this.#rows.length) {
      const bigger = new Float64Array(this.#rows.length * 2)
      bigger.set(this.#rows)
      this.#rows = bigger
    }
    const at = this.#count++ * VERSION
    this.#rows[at] = effectiveFrom
    this.#rows[at + 1] = rateMicros
    this.#rows[at + 2] = this.#describe(description)
    this.#rows[at + 3] = Number(prefix)
  }

  get size() {
    return this.#count
  }

  /** Groups versions by prefix (a chain per prefix), then lays each group out sorted by date. */
  build(): PrefixIndex {
    const n = this.#count
    let capacity = 16
    while (capacity < n * 2) capacity *= 2
    const entries = new Float64Array(capacity * ENTRY)
    const mask = capacity - 1
    const head = new Int32Array(n)
    const next = new Int32Array(n)
    const sizes = new Int32Array(n)
    const entryOf = new Int32Array(n)
    let groups = 0
    for (let row = 0; row < n; row++) {
      const key = this.#rows[row * VERSION + 3]
      const at = locate(entries, mask, key)
      if (at < 0) {
        const place = -1 - at
        entries[place] = key
        entries[place + 1] = groups
        entryOf[groups] = place
        head[groups] = row
        next[row] = -1
        sizes[groups++] = 1
      } else {
        const group = entries[at + 1]
        next[row] = head[group]
        head[group] = row
        sizes[group]++
      }
    }
    const versions = this.#layout(entries, { groups, head, next, sizes, entryOf })
    return new PrefixIndex(entries, mask, versions, this.#descriptions)
  }

  #layout(entries: Float64Array, chains: { groups: number; head: Int32Array; next: Int32Array; sizes: Int32Array; entryOf: Int32Array }) {
    const rows = this.#rows
    const versions = new Float64Array(this.#count * VERSION)
    let offset = 0
    for (let group = 0; group < chains.groups; group++) {
      const first = offset
      /** The chain runs newest row first; ties sort the later row last, so it wins. */
      for (let row = chains.head[group]; row !== -1; row = chains.next[row]) {
        let at = offset++
        while (at > first && versions[(at - 1) * VERSION] >= rows[row * VERSION]) {
          versions.copyWithin(at * VERSION, (at - 1) * VERSION, at * VERSION)
          at--
        }
        versions.set(rows.subarray(row * VERSION, (row + 1) * VERSION), at * VERSION)
      }
      const entry = chains.entryOf[group]
      entries[entry + 1] = first
      entries[entry + 2] = chains.sizes[group]
      entries[entry + 3] = versions[(offset - 1) * VERSION]
    }
    return versions
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

/** A frozen index: lookups only. Versions are addressed by position, so a hit allocates nothing. */
export class PrefixIndex {
  #entries: Float64Array
  #mask: number
  #versions: Float64Array
  #descriptions: string[]
  #values = new Float64Array(MAX_DIGITS + 1)
  /** Bit L set: some prefix has L digits. */
  #lengths = 0
  /** Per bucket of destinations sharing their first 6 digits, the prefix lengths that can match. */
  #blocks: Uint16Array | null = null
  readonly prefixes: number

  constructor(entries: Float64Array, mask: number, versions: Float64Array, descriptions: string[]) {
    this.#entries = entries
    this.#mask = mask
    this.#versions = versions
    this.#descriptions = descriptions
    let prefixes = 0
    for (let at = 0; at < entries.length; at += ENTRY) {
      if (entries[at] === 0) continue
      prefixes++
      this.#lengths |= 1 << String(entries[at]).length
    }
    this.prefixes = prefixes
    if (prefixes >= BLOCK_THRESHOLD) this.#blocks = this.#fillBlocks()
  }

  /** An index with nothing in it: every lookup misses. */
  static empty() {
    return new PrefixIndexBuilder().build()
  }

  /** Versions held, all prefixes together. */
  get size() {
    return this.#versions.length / VERSION
  }

  /**
   * The position of the version that prices `destination` at `at` (epoch ms): the longest
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
    const blocks = this.#blocks
    let lengths = blocks !== null && length >= BLOCK_DIGITS ? blocks[values[BLOCK_DIGITS]] : this.#lengths
    lengths &= (2 << length) - 1
    const entries = this.#entries
    while (lengths !== 0) {
      const len = 31 - Math.clz32(lengths)
      lengths ^= 1 << len
      const e = locate(entries, this.#mask, values[len])
      if (e < 0) continue
      const first = entries[e + 1]
      const last = first + entries[e + 2] - 1
      if (entries[e + 3] <= at) return last
      for (let v = last - 1; v >= first; v--) if (this.#versions[v * VERSION] <= at) return v
    }
    return -1
  }

  /** The match as an object, or null: for callers off the hot path. */
  match(destination: string, at: number): PrefixRate | null {
    const v = this.find(destination, at)
    return v < 0 ? null : this.version(v)
  }

  /** The version at a position `find` returned. */
  version(v: number): PrefixRate {
    const at = v * VERSION
    return {
      prefix: String(this.#versions[at + 3]),
      rateMicros: this.#versions[at + 1],
      effectiveFrom: this.#versions[at],
      description: this.#descriptions[this.#versions[at + 2]],
    }
  }

  /** The rate of the version at a position `find` returned. */
  rateAt(v: number) {
    return this.#versions[v * VERSION + 1]
  }

  /**
   * Buckets destinations by their first 6 digits and records, per bucket, the lengths of the
   * prefixes that can match there: those covering the whole bucket and those inside it.
   */
  #fillBlocks() {
    const blocks = new Uint16Array(10 ** BLOCK_DIGITS)
    const entries = this.#entries
    for (let at = 0; at < entries.length; at += ENTRY) {
      const key = entries[at]
      if (key === 0) continue
      const length = String(key).length
      const bit = 1 << length
      if (length >= BLOCK_DIGITS) {
        blocks[Math.floor(key / 10 ** (length - BLOCK_DIGITS))] |= bit
        continue
      }
      const span = 10 ** (BLOCK_DIGITS - length)
      for (let block = key * span, end = block + span; block < end; block++) blocks[block] |= bit
    }
    return blocks
  }
}
