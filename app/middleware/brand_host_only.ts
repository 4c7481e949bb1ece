import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { isApiRequest, sendError } from '#services/api_envelope'

/** Route middleware for what exists on brand hosts only (calls, voicemail, webhooks): the platform host answers 404. */
export function brandHostOnly(ctx: HttpContext, next: NextFn) {
  if (ctx.surface === 'tenant') return next()
  return isApiRequest(ctx) ? sendError(ctx, 404, 'NOT_FOUND', 'Not found') : ctx.response.notFound('Not found')
}
