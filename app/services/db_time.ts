import { DateTime } from 'luxon'

/**
 * An instant as Lucid writes `column.dateTime` values, for comparisons in where clauses.
 * Passing a JS Date works on MySQL but SQLite compares it as a number against the stored
 * text and silently matches nothing, so every time comparison goes through here. Lucid
 * writes DateTime.now() values in the process zone, so the instant is put in that zone too.
 */
export function dbTime(value: DateTime | Date) {
  const dateTime = value instanceof Date ? DateTime.fromJSDate(value) : value
  return dateTime.toLocal().toFormat('yyyy-MM-dd HH:mm:ss')
}

/** The same, with milliseconds: for the messaging tables' precise columns (due and fire times). */
export function dbTimeMs(value: DateTime | Date) {
  const dateTime = value instanceof Date ? DateTime.fromJSDate(value) : value
  return dateTime.toLocal().toFormat('yyyy-MM-dd HH:mm:ss.SSS')
}
