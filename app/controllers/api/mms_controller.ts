import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import Message from '#models/message'
import messageService from '#services/messaging/message_service'
import { presentMessage } from '#services/messaging/message_feed'
import { mediaOfMessage } from '#services/messaging/media_store'
import { signedMediaFor } from '#services/messaging/media_urls'
import { ok, sendError } from '#services/api_envelope'
import { listMmsValidator, sendMmsValidator } from '#validators/mms'
import { presentMedia } from '#controllers/api/message_media_controller'

/** The API's names for the message service's fields. */
const API_FIELDS: Record<string, string> = { media: 'media_ids' }

/** The token holder's MMS, both ways. Anyone else's id is a 404. */
export default class MmsController {
  async index(ctx: HttpContext) {
    const query = await listMmsValidator.validate(ctx.request.qs())
    const rows = Message.query().where('user_id', ctx.auth.user!.id).where('kind', 'mms')
    if (query.contact) rows.where('contact', query.contact)
    if (query.direction) rows.where('direction', query.direction)
    const page = await rows.orderBy('id', 'desc').paginate(query.page ?? 1, query.perPage ?? 25)
    const meta = page.getMeta()
    return ok(page.all().map(presentMessage), { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }

  /** POST /mms/send: checked, held and queued at once (201); the outbox sends it. */
  async send(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(sendMmsValidator)
    const userId = ctx.auth.user!.id
    const draft = await messageService.prepare(
      ctx.tenant,
      userId,
      { kind: 'mms', from: input.from ?? null, to: input.to, body: input.body ?? null, mediaIds: input.media_ids ?? [] },
      { field: (name) => API_FIELDS[name] ?? name }
    )
    const [message] = await messageService.queue(userId, [draft])
    return ctx.response.created(ok(await presentWithMedia(message)))
  }

  async show(ctx: HttpContext) {
    const message = await Message.query().where('id', ctx.params.id).where('user_id', ctx.auth.user!.id).where('kind', 'mms').first()
    if (!message) return sendError(ctx, 404, 'NOT_FOUND', 'No such MMS')
    return ok(await presentWithMedia(message))
  }
}

/** A message with its media: the owner's URL (with a token) and a signed, expiring one. */
async function presentWithMedia(message: Message) {
  const [media, signed] = await Promise.all([mediaOfMessage(message.id), signedMediaFor(message)])
  return {
    ...presentMessage(message),
    media: media.map((item, index) => ({
      ...presentMedia(item),
      url: router.builder().params({ id: item.id }).make('api.v1.mms.media.content'),
      signedUrl: signed[index]?.url ?? null,
    })),
  }
}
