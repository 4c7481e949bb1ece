import type { HttpContext } from '@adonisjs/core/http'
import messageService from '#services/messaging/message_service'
import messageQueries from '#services/messaging/message_queries'
import { toE164 } from '#services/phone'
import { ok, sendError } from '#services/api_envelope'
import { listThreadsValidator, pageValidator } from '#validators/messages'

/** The token holder's conversations (SMS and MMS), one per contact; a stranger's contact is a 404. */
export default class MessageThreadsController {
  async index(ctx: HttpContext) {
    const query = await listThreadsValidator.validate(ctx.request.qs())
    const { items, meta } = await messageQueries.threads(ctx.tenant, ctx.auth.user!.id, { ...query, number: query.number ? (toE164(query.number) ?? query.number) : undefined })
    return ok(items, meta)
  }

  async show(ctx: HttpContext) {
    const query = await pageValidator.validate(ctx.request.qs())
    const contact = toE164(ctx.params.contact)
    const thread = contact ? await messageQueries.thread(ctx.tenant, ctx.auth.user!.id, contact, query) : null
    if (!thread) return sendError(ctx, 404, 'NOT_FOUND', 'No such conversation')
    return ok(thread.items, { ...thread.meta, thread: thread.summary })
  }

  /** Marks every received message of the conversation read. */
  async read(ctx: HttpContext) {
    const contact = toE164(ctx.params.contact)
    const known = contact ? await messageQueries.summary(ctx.tenant, ctx.auth.user!.id, contact) : null
    if (!contact || !known) return sendError(ctx, 404, 'NOT_FOUND', 'No such conversation')
    await messageService.markThreadRead(ctx.auth.user!.id, contact)
    return ok(await messageQueries.summary(ctx.tenant, ctx.auth.user!.id, contact))
  }
}
