import { Exception } from '@adonisjs/core/exceptions'
import type { FieldError } from '#services/api_envelope'
import type { RowError } from './rate_csv.js'

/** Nothing prices this destination (or number) now: the call, message or purchase is refused. */
export class NoRateError extends Exception {
  static status = 422
  static code = 'NO_RATE'

  constructor(what: string) {
    super(`No rate for ${what}`, { status: 422, code: 'NO_RATE' })
  }
}

/**
 * A rate file or price list was refused: every bad row is listed as a field named by its line
 * ("line 7: rate"), and nothing was imported.
 */
export class InvalidRatesException extends Exception {
  static status = 422
  static code = 'VALIDATION_FAILED'
  readonly fields: FieldError[]

  constructor(fields: FieldError[], message = 'The rates were refused; nothing was imported') {
    super(message, { status: 422, code: 'VALIDATION_FAILED' })
    this.fields = fields
  }

  /** From a CSV parse: one field per bad row, plus a count of those left out of the list. */
  static fromRows(errors: RowError[], total: number) {
    const fields: FieldError[] = errors.map((error) => ({ field: `line ${error.line}: ${error.field}`, message: error.message }))
    if (total > errors.length) fields.push({ field: 'file', message: `${total - errors.length} more errors not listed` })
    const noun = total === 1 ? 'error' : 'errors'
    return new InvalidRatesException(fields, `The file has ${total} ${noun}; nothing was imported`)
  }

  /** For a field of the request itself (currency, name, increments). */
  static field(field: string, message: string) {
    return new InvalidRatesException([{ field, message }], message)
  }
}
