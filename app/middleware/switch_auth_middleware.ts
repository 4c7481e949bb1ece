import { timingSafeEqual } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { sendError } from '#services/api_envelope'
import type { TelephonyConfig } from '#config/telephony'

/**
 * The switch API is for our own Kamailio and FreeSWITCH only: a bearer token from the
 * environment, compared in constant time. With no token configured every call is refused.
 */
export default class SwitchAuthMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const expected = app.config.get<TelephonyConfig>('telephony').switchToken
    const given = /^Bearer (.+)$/.exec(ctx.request.header('authorization') ?? '')?.[1] ?? ''
    if (!expected || !safeEqual(given, expected)) return sendError(ctx, 401, 'UNAUTHENTICATED', 'A valid switch token is required')
    return next()
  }
}

function safeEqual(a: string, b: string) {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
