import type { HttpContext } from '@adonisjs/core/http'

/** One field's problem, as the API reports it. */
export interface FieldError {
  field: string
  message: string
  rule?: string
}

/** The API answers under /api/; webhooks (machine callers too) get the same JSON envelope. */
export function isApiRequest(ctx: HttpContext) {
  const url = ctx.request.url()
  return url.startsWith('/api/') || url.startsWith('/webhooks/') || url.startsWith('/switch/')
}

/** The one error envelope: code, message, field details and the request id. */
export function errorBody(ctx: HttpContext, code: string, message: string, fields?: FieldError[]) {
  return {
    error: {
      code,
      message,
      ...(fields?.length ? { fields } : {}),
      requestId: ctx.request.id() ?? null,
    },
  }
}

export function sendError(ctx: HttpContext, status: number, code: string, message: string, fields?: FieldError[]) {
  return ctx.response.status(status).json(errorBody(ctx, code, message, fields))
}

/** The success envelope: `{ data, meta? }`. */
export function ok<T>(data: T, meta?: Record<string, unknown>) {
  return meta ? { data, meta } : { data }
}
