import { Exception } from '@adonisjs/core/exceptions'

export type MessageRefusal =
  | 'FEATURE_DISABLED'
  | 'SENDER_NOT_OWNED'
  | 'DESTINATION_INVALID'
  | 'DESTINATION_NOT_ALLOWED'
  | 'OPTED_OUT'
  | 'BODY_INVALID'
  | 'SCHEDULE_INVALID'
  | 'MEDIA_INVALID'
  | 'NO_RATE'
  | 'INSUFFICIENT_FUNDS'
  | 'NOT_CANCELLABLE'

/** A message the platform will not queue: nothing was written and nothing held. */
export class MessageRefusedError extends Exception {
  readonly fields: { field: string; message: string }[]

  constructor(readonly refusal: MessageRefusal, message: string, options: { status?: number; field: string }) {
    super(message, { status: options.status ?? 422, code: refusal })
    this.fields = [{ field: options.field, message }]
  }
}
