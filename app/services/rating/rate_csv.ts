import type { Readable } from 'node:stream'
import { parse as parseStream, type Options } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { DateTime } from 'luxon'
import { parseAmountToMicros } from '#services/admin_money_input'
import { ALWAYS, e164Digits } from './prefix_index.js'

/**
 * Rate decks and price lists as CSV: a header row, then one rate per line. The whole file is
 * read and checked before anything uses it; every bad row is reported as { line, field,
 * message } so whoever fixes the file knows exactly where to look.
 */

export const SERVICES = ['voice', 'sms', 'mms'] as const
export type RateService = (typeof SERVICES)[number]

/** The most a deck may charge per minute, segment or message: 1,000 currency units. */
export const MAX_RATE_MICROS = 1_000_000_000
/** An ISO 8601 instant with a zone: 2026-12-01T00:00:00Z or 2026-12-01T00:00:00+01:00. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/** One bad spot in the file, with its 1-based line number. */
export interface RowError {
  line: number
  field: string
  message: string
}

export interface RateCsvOptions {
  /** Services a row may name; the `service` column exists only when more than voice is allowed. */
  services?: readonly RateService[]
  /** The most rows accepted (a price list is smaller than a wholesale deck). */
  maxRows?: number
  /** Errors kept for the report; the count covers them all. */
  maxErrors?: number
}

/** The parsed rows, column by column (a million-row deck stays compact). */
export class RateRows {
  service: RateService[] = []
  prefix: string[] = []
  rateMicros: number[] = []
  description: string[] = []
  /** Epoch milliseconds, or ALWAYS for "no date". */
  effectiveFrom: number[] = []
  line: number[] = []

  get length() {
    return this.prefix.length
  }

  /** The effective date as stored in config: an ISO instant in UTC, or null. */
  effectiveFromIso(index: number) {
    const from = this.effectiveFrom[index]
    return from === ALWAYS ? null : new Date(from).toISOString()
  }
}

export interface RateCsvResult {
  rows: RateRows
  errors: RowError[]
  /** Every error found, including those past `maxErrors`. */
  errorCount: number
}

const COLUMNS = ['prefix', 'rate', 'description', 'effective_from', 'service'] as const
type Column = (typeof COLUMNS)[number]

/** Reads records one at a time (from either csv-parse API) and keeps rows or errors. */
class RateCsvReader {
  readonly rows = new RateRows()
  readonly errors: RowError[] = []
  errorCount = 0
  #columns: Partial<Record<Column, number>> | null = null
  #width = 0
  /** Service and prefix -> the row that first had them; dates per key only once one repeats. */
  #seen = new Map<number, number>()
  #versions = new Map<number, Map<number, number>>()
  #headerBroken = false
  #tooMany = false
  #services: readonly RateService[]
  #maxRows: number
  #maxErrors: number

  constructor(options: RateCsvOptions) {
    this.#services = options.services ?? SERVICES
    this.#maxRows = options.maxRows ?? 2_000_000
    this.#maxErrors = options.maxErrors ?? 100
  }

  /** csv-parse options that feed every record to this reader and keep none in memory. */
  parserOptions(): Options {
    return {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context: { lines: number }) => {
        this.#accept(record, context.lines)
        return null
      },
    }
  }

  /** Counts an error, and keeps it for the report while there is room. */
  report(line: number, field: string, message: string) {
    this.errorCount++
    if (this.errors.length < this.#maxErrors) this.errors.push({ line, field, message })
  }

  /** The reader's verdict once the parser has finished. */
  finish(): RateCsvResult {
    if (!this.#columns && this.errorCount === 0) {
      this.report(1, 'header', `The file is empty: expected a header row such as ${this.#expected()}`)
    }
    return { rows: this.rows, errors: this.errors, errorCount: this.errorCount }
  }

  #accept(record: string[], line: number) {
    if (!this.#columns) return this.#header(record, line)
    if (this.#headerBroken) return
    if (record.length !== this.#width) {
      return this.report(line, 'row', `Expected ${this.#width} columns as in the header, found ${record.length}`)
    }
    if (this.rows.length >= this.#maxRows) {
      if (!this.#tooMany) this.report(line, 'row', `Too many rows: at most ${this.#maxRows}`)
      this.#tooMany = true
      return
    }
    this.#row(record, line)
  }

  #header(record: string[], line: number) {
    const columns: Partial<Record<Column, number>> = {}
    const allowed: readonly string[] = this.#services.length > 1 ? COLUMNS : COLUMNS.filter((c) => c !== 'service')
    record.forEach((raw, index) => {
      const name = raw.toLowerCase()
      if (!allowed.includes(name)) this.report(line, 'header', `Unknown column "${raw}": expected ${this.#expected()}`)
      else if (columns[name as Column] !== undefined) this.report(line, 'header', `Column "${raw}" appears twice`)
      else columns[name as Column] = index
    })
    for (const required of ['prefix', 'rate'] as const) {
      if (columns[required] === undefined) this.report(line, 'header', `The header has no "${required}" column`)
    }
    this.#width = record.length
    this.#columns = columns
    /** A broken header makes every row unreadable: stop at the header's errors. */
    this.#headerBroken = this.errorCount > 0
  }

  #row(record: string[], line: number) {
    const columns = this.#columns!
    const before = this.errorCount
    const cell = (column: Column) => (columns[column] === undefined ? '' : record[columns[column]!])
    const prefix = cell('prefix')
    if (e164Digits(prefix) !== prefix) this.report(line, 'prefix', 'Must be 1 to 15 digits with no + or spaces, not starting with 0')
    const rate = this.#rate(cell('rate'), line)
    const description = cell('description')
    if (description.length > 120) this.report(line, 'description', 'At most 120 characters')
    const from = this.#effectiveFrom(cell('effective_from'), line)
    const service = (cell('service').toLowerCase() || 'voice') as RateService
    if (!this.#services.includes(service)) {
      this.report(line, 'service', `Must be one of ${this.#services.join(', ')}`)
    }
    if (this.errorCount !== before || from === undefined) return
    if (this.#duplicate(service, prefix, from, line)) return
    const rows = this.rows
    rows.service.push(service)
    rows.prefix.push(prefix)
    rows.rateMicros.push(rate!)
    rows.description.push(description)
    rows.effectiveFrom.push(from)
    rows.line.push(line)
  }

  #rate(text: string, line: number) {
    if (text === '') return this.report(line, 'rate', 'Required: an amount such as 0.015')
    if (text.startsWith('-')) return this.report(line, 'rate', 'Must not be negative')
    const micros = parseAmountToMicros(text)
    if (micros === null) return this.report(line, 'rate', 'Must be an amount such as 0.015, with at most 6 decimals')
    if (micros > MAX_RATE_MICROS) return this.report(line, 'rate', 'Is too high: at most 1000 per minute, segment or message')
    return micros
  }

  #effectiveFrom(text: string, line: number) {
    if (text === '') return ALWAYS
    const instant = ISO_INSTANT.test(text) ? DateTime.fromISO(text, { setZone: true }) : null
    if (!instant?.isValid) {
      return this.report(line, 'effective_from', 'Must be an ISO 8601 instant with a zone, such as 2026-01-01T00:00:00Z')
    }
    return instant.toMillis()
  }

  /** One rate per service, prefix and date: a second one is a mistake, not an update. */
  #duplicate(service: RateService, prefix: string, from: number, line: number) {
    const key = Number(prefix) * 4 + SERVICES.indexOf(service)
    const firstRow = this.#seen.get(key)
    if (firstRow === undefined) {
      this.#seen.set(key, this.rows.length)
      return false
    }
    let versions = this.#versions.get(key)
    if (!versions) {
      versions = new Map([[this.rows.effectiveFrom[firstRow], this.rows.line[firstRow]]])
      this.#versions.set(key, versions)
    }
    const earlier = versions.get(from)
    if (earlier !== undefined) {
      this.report(line, 'prefix', `Duplicates line ${earlier}: same service, prefix and effective_from`)
      return true
    }
    versions.set(from, line)
    return false
  }

  #expected() {
    return this.#services.length > 1 ? 'prefix,rate,description,effective_from,service' : 'prefix,rate,description,effective_from'
  }
}

/** Parses a whole CSV held in memory (an upload, a request body). */
export function parseRateCsv(input: string | Buffer, options: RateCsvOptions = {}): RateCsvResult {
  const reader = new RateCsvReader(options)
  try {
    parseSync(input, reader.parserOptions())
  } catch (error) {
    reader.report(Number((error as any)?.lines) || 1, 'row', csvMessage(error))
  }
  return reader.finish()
}

/** Parses a CSV stream (a deck file on disk), reporting bytes read for a progress bar. */
export async function parseRateCsvStream(
  input: Readable,
  options: RateCsvOptions = {},
  onBytes?: (bytes: number) => void
): Promise<RateCsvResult> {
  const reader = new RateCsvReader(options)
  const parser = parseStream(reader.parserOptions())
  if (onBytes) input.on('data', (chunk: Buffer) => onBytes(chunk.length))
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('error', reject).on('end', resolve).resume()
      input.on('error', reject).pipe(parser)
    })
  } catch (error) {
    if ((error as any)?.code && String((error as any).code).startsWith('CSV_')) {
      reader.report(Number((error as any).lines) || 1, 'row', csvMessage(error))
    } else {
      throw error
    }
  }
  return reader.finish()
}

/** csv-parse's message without its internal error code. */
function csvMessage(error: unknown) {
  const message = error instanceof Error ? error.message : String(error)
  return `Not valid CSV: ${message.replace(/^(Invalid|CSV_\w+:)\s*/, '')}`
}
