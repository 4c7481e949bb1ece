import type { HttpContext } from '@adonisjs/core/http'
import messageService from '#services/messaging/message_service'
import messageQueries from '#services/messaging/message_queries'
import { presentMessage } from '#services/messaging/message_feed'
import { ok, sendError } from '#services/api_envelope'
import { pageValidator, scheduleSmsValidator } from '#validators/messages'

/** The token holder's scheduled SMS: schedule (in their time zone), list, cancel. */
export default class ScheduledMessagesController {
  async index(ctx: HttpContext) {
    const query = await pageValidator.validate(ctx.request.qs())
    const { items, meta } = await messageQueries.scheduled(ctx.tenant, ctx.auth.user!.id, { ...query, kind: 'sms' })
    return ok(items, meta)
  }

  /** `send_at` without an offset is read in `time_zone`, else the user's zone; the hold is taken now. */
  async store(ctx: HttpContext) {
    const { send_at: sendAt, time_zone: timeZone, ...input } = await scheduleSmsValidator.validate(ctx.request.all())
    const message = await messageService.send(ctx.tenant, ctx.auth.user!.id, { kind: 'sms', ...input, sendAt, timeZone })
    return ctx.response.created(ok(presentMessage(message)))
  }

  /** Cancels and releases the hold; a message already on its way is a 409. */
  async destroy(ctx: HttpContext) {
    const message = await messageQueries.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id, 'sms')
    if (!message) return sendError(ctx, 404, 'NOT_FOUND', 'No such message')
    return ok(presentMessage(await messageService.cancelScheduled(ctx.auth.user!.id, message.id)))
  }
}
