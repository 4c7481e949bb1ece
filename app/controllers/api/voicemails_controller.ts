import type { HttpContext } from '@adonisjs/core/http'
import voicemailInbox from '#services/voicemail/voicemail_inbox_service'
import { ok, sendError } from '#services/api_envelope'
import { sendVoicemailAudio } from '#controllers/voicemail_audio'
import { listVoicemailsValidator } from '#validators/voicemail'

/** The token holder's voicemail box. Anyone else's id is a 404. */
export default class VoicemailsController {
  async index(ctx: HttpContext) {
    const query = await listVoicemailsValidator.validate(ctx.request.qs())
    const { page, items } = await voicemailInbox.list(ctx.tenant, ctx.auth.user!.id, query)
    const meta = page.getMeta()
    const unread = await voicemailInbox.unreadCount(ctx.tenant, ctx.auth.user!.id)
    return ok(items, { total: meta.total, page: meta.currentPage, perPage: meta.perPage, unread })
  }

  async show(ctx: HttpContext) {
    const voicemail = await voicemailInbox.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!voicemail) return sendError(ctx, 404, 'NOT_FOUND', 'No such voicemail')
    return ok(await voicemailInbox.present(ctx.tenant, voicemail))
  }

  async audio(ctx: HttpContext) {
    const voicemail = await voicemailInbox.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!voicemail) return sendError(ctx, 404, 'NOT_FOUND', 'No such voicemail')
    return sendVoicemailAudio(ctx, voicemail)
  }

  async read(ctx: HttpContext) {
    const voicemail = await voicemailInbox.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!voicemail) return sendError(ctx, 404, 'NOT_FOUND', 'No such voicemail')
    return ok(await voicemailInbox.present(ctx.tenant, await voicemailInbox.markRead(ctx.tenant, voicemail)))
  }

  async destroy(ctx: HttpContext) {
    const voicemail = await voicemailInbox.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!voicemail) return sendError(ctx, 404, 'NOT_FOUND', 'No such voicemail')
    await voicemailInbox.remove(ctx.tenant, voicemail)
    return ctx.response.noContent()
  }
}
