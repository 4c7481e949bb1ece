import { Exception } from '@adonisjs/core/exceptions'

/** A money error a user can act on; `field` names the input at fault when there is one. */
export class MoneyException extends Exception {
  readonly fields?: { field: string; message: string }[]

  constructor(message: string, options: { status: number; code: string; field?: string }) {
    super(message, { status: options.status, code: options.code })
    if (options.field) this.fields = [{ field: options.field, message }]
  }
}

/** The wallet cannot cover an amount: never overdraw, say by how much it falls short. */
export class InsufficientFundsException extends MoneyException {
  constructor(
    readonly neededMicros: number,
    readonly availableMicros: number,
    field?: string
  ) {
    super('The wallet balance does not cover this amount', { status: 402, code: 'INSUFFICIENT_FUNDS', field })
  }
}

/** A hold that is already settled, released or expired cannot move money again. */
export class HoldClosedException extends MoneyException {
  constructor(holdId: number, status: string) {
    super(`Hold ${holdId} is already ${status}`, { status: 409, code: 'HOLD_CLOSED' })
  }
}

export function invalidAmount(field: string, message: string) {
  return new MoneyException(message, { status: 422, code: 'VALIDATION_FAILED', field })
}
