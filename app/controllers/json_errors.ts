import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { sendError } from '#services/api_envelope'

/**
 * The API's error envelope for the JSON endpoints of pages (the portal dialer's fetch calls):
 * validation, refusals with a status and code, a switch being down. Anything else is rethrown.
 */
export function sendJsonError(ctx: HttpContext, error: any) {
  if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    const fields = (error.messages as any[]).map((m) => ({ field: m.field, message: m.message, rule: m.rule }))
    return sendError(ctx, 422, 'VALIDATION_FAILED', 'Some fields are invalid', fields)
  }
  const status = Number(error?.status)
  if (typeof error?.code === 'string' && !error.code.startsWith('E_') && status >= 400 && (status < 500 || status === 502)) {
    return sendError(ctx, status, error.code, error.message, Array.isArray(error.fields) ? error.fields : undefined)
  }
  throw error
}
