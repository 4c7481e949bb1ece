import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import app from '@adonisjs/core/services/app'

/**
 * Security headers on every response, pages and API alike. They are constants, so they
 * are set here once for all; @adonisjs/shield is used for CSRF on the form surfaces only
 * (it needs a session, which the public site and the token API do without).
 */
const HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; script-src 'self'; frame-ancestors 'self'",
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  ...(app.inProduction ? { 'strict-transport-security': 'max-age=15552000' } : {}),
}

export default class SecureHeadersMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    for (const [name, value] of Object.entries(HEADERS)) ctx.response.header(name, value)
    return next()
  }
}
