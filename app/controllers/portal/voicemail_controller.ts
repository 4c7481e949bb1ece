import type { HttpContext } from '@adonisjs/core/http'
import voicemailInbox from '#services/voicemail/voicemail_inbox_service'
import { renderThemed } from '#controllers/render'
import { notFound } from '#controllers/admin/admin_page'
import { sendVoicemailAudio } from '#controllers/voicemail_audio'
import { listVoicemailsValidator } from '#validators/voicemail'
import { formatE164 } from '#services/phone'

/** A caller as people read it: "+1 212 555 0143", or what the switch gave ("anonymous"). */
const readable = (caller: string) => (caller.startsWith('+') ? formatE164(caller) : caller)

/** The portal's voicemail box: play, mark heard, delete. Anyone else's message is a 404. */
export default class VoicemailController {
  async index(ctx: HttpContext) {
    const [, query] = await listVoicemailsValidator.tryValidate(ctx.request.qs())
    const userId = ctx.auth.user!.id
    const { page, items } = await voicemailInbox.list(ctx.tenant, userId, { page: query?.page, perPage: 20 })
    const unread = await voicemailInbox.unreadCount(ctx.tenant, userId)
    const voicemails = items.map((item) => ({ ...item, callerLabel: readable(item.caller), numberLabel: item.number ? formatE164(item.number) : null }))
    return renderThemed(ctx, 'pages/portal/voicemail', { voicemails, meta: page.getMeta(), unread })
  }

  async audio(ctx: HttpContext) {
    const voicemail = await voicemailInbox.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!voicemail) return notFound(ctx)
    return sendVoicemailAudio(ctx, voicemail)
  }

  async read(ctx: HttpContext) {
    const voicemail = await voicemailInbox.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!voicemail) return notFound(ctx)
    await voicemailInbox.markRead(ctx.tenant, voicemail)
    return ctx.response.redirect('/portal/voicemail')
  }

  async destroy(ctx: HttpContext) {
    const voicemail = await voicemailInbox.find(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!voicemail) return notFound(ctx)
    await voicemailInbox.remove(ctx.tenant, voicemail)
    ctx.session.flash('success', 'Voicemail deleted.')
    return ctx.response.redirect('/portal/voicemail')
  }
}
