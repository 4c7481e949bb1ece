import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errorBody, isApiRequest, type FieldError } from '#services/api_envelope'

/** Framework error codes -> the API's stable codes. */
const API_CODES: Record<string, [number, string]> = {
  E_VALIDATION_ERROR: [422, 'VALIDATION_FAILED'],
  E_UNAUTHORIZED_ACCESS: [401, 'UNAUTHENTICATED'],
  E_INVALID_CREDENTIALS: [401, 'INVALID_CREDENTIALS'],
  E_AUTHORIZATION_FAILURE: [403, 'FORBIDDEN'],
  E_ROUTE_NOT_FOUND: [404, 'NOT_FOUND'],
  E_ROW_NOT_FOUND: [404, 'NOT_FOUND'],
  E_TOO_MANY_REQUESTS: [429, 'TOO_MANY_REQUESTS'],
  E_REQUEST_ENTITY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  E_BAD_CSRF_TOKEN: [403, 'BAD_CSRF_TOKEN'],
}

/**
 * API errors always leave in one envelope; pages get themed status pages. Nothing the
 * client sends may turn into a 500: unknown failures are logged and answered generically.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest
  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { view }) => view.render('pages/errors/forbidden', { error }),
    '404': (error, { view }) => view.render('pages/errors/not_found', { error }),
    '500..599': (error, { view }) => view.render('pages/errors/server_error', { error }),
  }

  async handle(error: any, ctx: HttpContext) {
    if (isApiRequest(ctx)) return this.#renderApiError(error, ctx)
    /** A refused page action is a 403 page, never a redirect that carries the typed input along. */
    if (error?.code === 'E_AUTHORIZATION_FAILURE') {
      ctx.response.status(403)
      return ctx.view.render('pages/errors/forbidden', { error })
    }
    return super.handle(error, ctx)
  }

  #renderApiError(error: any, ctx: HttpContext) {
    const known = API_CODES[error?.code]
    let status: number = known?.[0] ?? error?.status ?? 500
    let code = known?.[1] ?? error?.code ?? 'INTERNAL_ERROR'
    let message = error?.message ?? 'Something went wrong'
    let fields: FieldError[] | undefined

    if (error?.code === 'E_VALIDATION_ERROR' && Array.isArray(error.messages)) {
      fields = error.messages.map((m: any) => ({ field: m.field, message: m.message, rule: m.rule }))
      message = 'Some fields are invalid'
    } else if (Array.isArray(error?.fields)) {
      fields = error.fields
    } else if (error instanceof SyntaxError && status === 400) {
      code = 'INVALID_JSON'
      message = 'The request body is not valid JSON'
    } else if (error?.code === 'E_INVALID_CREDENTIALS') {
      message = 'Email or password is incorrect'
    } else if (error?.code === 'E_UNAUTHORIZED_ACCESS') {
      message = 'Sign in to continue'
    }
    /** An outside system being down is worth saying (the client may retry); other 5xx say nothing. */
    const upstream = status === 502 && code === 'GATEWAY_UNAVAILABLE'
    if ((status >= 500 && !upstream) || typeof status !== 'number') {
      status = 500
      code = 'INTERNAL_ERROR'
      message = 'Something went wrong on our side'
    }
    if (error?.code === 'E_TOO_MANY_REQUESTS' && typeof error.getDefaultHeaders === 'function') {
      const headers = error.headers ?? error.getDefaultHeaders()
      for (const [name, value] of Object.entries(headers)) ctx.response.header(name, String(value))
    }
    if (!fields && Array.isArray(error?.fields)) fields = error.fields
    return ctx.response.status(status).json(errorBody(ctx, code, message, fields))
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
