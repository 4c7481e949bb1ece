import { Exception } from '@adonisjs/core/exceptions'

export type RefusalCode =
  | 'CALLER_ID_NOT_OWNED'
  | 'DESTINATION_INVALID'
  | 'DESTINATION_NOT_ALLOWED'
  | 'NO_RATE'
  | 'INSUFFICIENT_FUNDS'
  | 'FEATURE_DISABLED'
  | 'NUMBER_DISABLED'
  | 'NUMBER_UNKNOWN'
  | 'DEVICE_UNKNOWN'
  | 'NO_DEVICE'

/**
 * A call the platform will not place or deliver. Switches get `sipCode` and `reason`; the API
 * gets `status`, `code` and the field at fault.
 */
export class CallRefusedError extends Exception {
  readonly fields?: { field: string; message: string }[]

  constructor(
    readonly refusal: RefusalCode,
    readonly sipCode: number,
    readonly reason: string,
    options: { status: number; field?: string }
  ) {
    super(reason, { status: options.status, code: refusal })
    if (options.field) this.fields = [{ field: options.field, message: reason }]
  }
}
