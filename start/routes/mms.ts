import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { brandHostOnly } from '#middleware/brand_host_only'

const MmsController = () => import('#controllers/api/mms_controller')
const MessageMediaController = () => import('#controllers/api/message_media_controller')
const MessagesWebhookController = () => import('#controllers/webhooks/messages_controller')

const id = router.matchers.number()
const { platformDomain, platformSubdomain } = app.config.get<{ platformDomain: string; platformSubdomain: string }>('tenancy')

/** The token holder's MMS and media uploads (`POST /mms/media` reads its multipart body itself: config/bodyparser.ts). */
router
  .group(() => {
    router.get('/mms', [MmsController, 'index']).as('mms.index')
    router.post('/mms/send', [MmsController, 'send']).as('mms.send')
    router.get('/mms/:id', [MmsController, 'show']).where('id', id).as('mms.show')
    router.post('/mms/media', [MessageMediaController, 'store']).as('mms.media.store')
    router.get('/mms/media/:id/content', [MessageMediaController, 'content']).where('id', id).as('mms.media.content')
    router.delete('/mms/media/:id', [MessageMediaController, 'destroy']).where('id', id).as('mms.media.destroy')
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([brandHostOnly, middleware.forceJson(), middleware.auth({ guards: ['api'] }), middleware.feature({ name: 'sms' }), middleware.feature({ name: 'mms' })])

/**
 * A media file for whoever holds its signed URL (the carrier fetching MMS content), on the
 * brand's host; without a valid, unexpired signature it does not exist (404).
 */
router.get('/media/:id', [MessageMediaController, 'signed']).where('id', id).as('messaging.media.signed').use(brandHostOnly)

/**
 * Inbound messages and statuses from HTTP carriers. One platform URL for every brand: the
 * platform's webhook secret verifies each delivery, and the destination number (not the host)
 * says whose message it is. No session, no CSRF.
 */
router
  .post('/webhooks/messages/:carrier', [MessagesWebhookController, 'store'])
  .where('carrier', /^[a-z][a-z0-9-]{0,31}$/)
  .domain(`${platformSubdomain}.${platformDomain}`)
  .as('platform.webhooks.messages')
  .use(middleware.forceJson())
