import { Exception } from '@adonisjs/core/exceptions'
import type { FieldError } from '#services/api_envelope'

/** A number error a user can act on; `field` names the input at fault when there is one. */
export class NumberException extends Exception {
  readonly fields?: FieldError[]

  constructor(message: string, options: { status: number; code: string; field?: string }) {
    super(message, { status: options.status, code: options.code })
    if (options.field) this.fields = [{ field: options.field, message }]
  }
}

/** Sold, held by someone else (of any brand) or no longer for sale: 409 on `e164`. */
export function numberUnavailable(e164: string, reason = 'someone else holds or reserved it') {
  return new NumberException(`${e164} is not available: ${reason}`, {
    status: 409,
    code: 'NUMBER_UNAVAILABLE',
    field: 'e164',
  })
}

/** The user holds as many numbers as the brand allows. */
export function numberLimitReached(limit: number) {
  const noun = limit === 1 ? 'number' : 'numbers'
  return new NumberException(`You already hold ${limit} ${noun}, the most this service allows; release one to buy another`, {
    status: 409,
    code: 'NUMBER_LIMIT_REACHED',
  })
}

/** Input that passed the schema but not the brand's rules (a country it does not sell, say). */
export function invalidNumberInput(field: string, message: string) {
  return new NumberException(message, { status: 422, code: 'VALIDATION_FAILED', field })
}

/** No number of this id among the user's (or the brand's): the same answer for both. */
export function numberNotFound() {
  return new NumberException('No such number', { status: 404, code: 'NOT_FOUND' })
}
