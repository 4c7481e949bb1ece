import { ALWAYS } from './prefix_index.js'

/**
 * Effective dates in the database: DATETIME(3) in UTC, null for "always". MySQL hands them back
 * as Dates, SQLite as the text it was given; both become epoch milliseconds here.
 */
export function storedInstant(value: Date | string | null | undefined): number {
  if (value === null || value === undefined) return ALWAYS
  if (value instanceof Date) return value.getTime()
  return Date.parse(`${value.replace(' ', 'T')}${/(Z|[+-]\d\d:\d\d)$/.test(value) ? '' : 'Z'}`)
}

/** Epoch ms as a DATETIME(3) literal in UTC, which both MySQL and SQLite store as given. */
export function instantForStorage(ms: number): string | null {
  return ms === ALWAYS ? null : new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
}

/** Epoch ms as people and the API read it: ISO 8601 in UTC, or null for "always". */
export function isoInstant(ms: number): string | null {
  return ms === ALWAYS ? null : new Date(ms).toISOString()
}
