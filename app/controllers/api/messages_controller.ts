import type { HttpContext } from '@adonisjs/core/http'
import messageService from '#services/messaging/message_service'
import messageQueries from '#services/messaging/message_queries'
import { presentMessage } from '#services/messaging/message_feed'
import { estimateSms } from '#services/messaging/estimate'
import { toE164 } from '#services/phone'
import { ok, sendError } from '#services/api_envelope'
import { estimateSmsValidator, listSmsValidator, sendSmsValidator } from '#validators/messages'

/** The token holder's SMS: list, one message, send now, and the composer's cost estimate. */
export default class MessagesController {
  async index(ctx: HttpContext) {
    const query = await listSmsValidator.validate(ctx.request.qs())
    const contact = query.contact ? (toE164(query.contact) ?? query.contact) : undefined
    const { items, meta } = await messageQueries.list(ctx.tenant, ctx.auth.user!.id, { ...query, contact, kind: 'sms' })
    return ok(items, meta)
  }

  async show(ctx: HttpContext) {
    const message = await messageQueries.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id, 'sms')
    if (!message) return sendError(ctx, 404, 'NOT_FOUND', 'No such message')
    return ok(presentMessage(message))
  }

  /** Checks, prices, holds and queues; any refusal names its field and writes nothing. */
  async store(ctx: HttpContext) {
    const input = await sendSmsValidator.validate(ctx.request.all())
    const message = await messageService.send(ctx.tenant, ctx.auth.user!.id, { kind: 'sms', ...input })
    return ctx.response.created(ok(presentMessage(message)))
  }

  /** The composer's live counter and price (the same counting and rating as sending); holds nothing. */
  async estimate(ctx: HttpContext) {
    const input = await estimateSmsValidator.validate(ctx.request.qs())
    return ok(await estimateSms(ctx.tenant, input))
  }
}
