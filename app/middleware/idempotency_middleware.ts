import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import idempotency, { requestHash } from '#services/money/idempotency_service'
import { sendError } from '#services/api_envelope'

const HEADER = 'Idempotency-Key'
const VALID_KEY = /^[\x21-\x7e]{1,255}$/

/**
 * Answers worth replaying: the request ran and decided (success, or a refusal for lack of
 * funds). Invalid input, auth failures and crashes free the key so a corrected retry runs.
 */
const KEPT = (status: number) => status < 400 || status === 402

/**
 * Every money-moving API call carries an Idempotency-Key. The first request with a key runs;
 * the same key and body again returns the stored first answer; the same key with another
 * body is a 422; a request that arrives while the first still runs waits for its answer.
 * With `optional`, a request without the header simply runs (sending a message: clients that
 * retry send a key, a plain one-off send need not).
 */
export default class IdempotencyMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { optional?: boolean } = {}) {
    const key = ctx.request.header(HEADER)
    if (!key && options?.optional) return next()
    if (!key || !VALID_KEY.test(key)) {
      const message = key ? 'The Idempotency-Key must be 1-255 visible ASCII characters' : 'Send an Idempotency-Key header with every request that moves money'
      return sendError(ctx, 400, 'IDEMPOTENCY_KEY_REQUIRED', message, [{ field: HEADER, message }])
    }
    const owner = `user:${ctx.auth.user!.id}`
    const hash = requestHash(ctx.request.method(), ctx.request.url(true), ctx.request.body())
    const claim = await idempotency.claim(owner, key, hash)
    if (claim.kind === 'mismatch') {
      const message = 'This Idempotency-Key was already used with a different request'
      return sendError(ctx, 422, 'IDEMPOTENCY_KEY_REUSED', message, [{ field: HEADER, message }])
    }
    if (claim.kind === 'busy') {
      return sendError(ctx, 409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed')
    }
    if (claim.kind === 'replay') {
      ctx.response.header('Idempotent-Replayed', 'true')
      ctx.response.header('Content-Type', 'application/json; charset=utf-8')
      return ctx.response.status(claim.status).send(claim.body)
    }
    try {
      await next()
    } catch (error) {
      await idempotency.abandon(claim.record)
      throw error
    }
    const status = ctx.response.getStatus()
    if (!KEPT(status)) return idempotency.abandon(claim.record)
    const body = ctx.response.getBody()
    await idempotency.complete(claim.record, status, typeof body === 'string' ? body : JSON.stringify(body ?? null))
  }
}
