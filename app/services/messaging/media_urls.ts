import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import MessageMedia from '#models/message_media'
import type Message from '#models/message'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import type { MessagingConfig } from '#config/messaging'

/** The route that serves a media file to whoever holds its signed URL (a carrier fetching MMS content). */
export const MEDIA_ROUTE = 'messaging.media.signed'

/**
 * Signed, expiring URLs of a message's media on the brand's own host, for the carrier to fetch
 * when it sends the MMS. Nothing is public: without the signature the route answers 404.
 */
export async function signedMediaFor(message: Message) {
  const tenant = await tenancy.resolver.snapshot(message.tenantId)
  if (!tenant) return []
  const media = await runForTenant(tenant, () => MessageMedia.query().where('message_id', message.id).orderBy('id', 'asc'))
  if (!media.length) return []
  const { urlTtlSeconds, publicScheme, publicPort } = app.config.get<MessagingConfig>('messaging').media
  const base = `${publicScheme}://${tenant.primaryHost}${publicPort ? `:${publicPort}` : ''}`
  return media.map((item) => ({
    url: router
      .builder()
      .prefixUrl(base)
      .params({ id: item.id })
      .makeSigned(MEDIA_ROUTE, { expiresIn: `${urlTtlSeconds}s` }),
    contentType: item.contentType,
  }))
}
