import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { brandHostOnly } from '#middleware/brand_host_only'

const PortalMessagesController = () => import('#controllers/portal/messages_controller')
const PortalBulkMessagesController = () => import('#controllers/portal/bulk_messages_controller')
const PortalScheduledMessagesController = () => import('#controllers/portal/scheduled_messages_controller')

const id = router.matchers.number()
/** A thread's contact: E.164, its "+" as typed or url-encoded. */
const contact = { match: /^(\+|%2B)\d{6,15}$/i }
const sms = () => middleware.feature({ name: 'sms' })

/**
 * The portal's messages (session auth, CSRF): conversations, a thread per contact (`:contact`
 * is the other party's E.164 number), the composer's estimate, the live stream of the user's
 * message changes, scheduled messages and bulk sends (`:id` is a messages row of the signed-in user).
 */
router
  .group(() => {
    router.get('/messages', [PortalMessagesController, 'index']).as('messages.index')
    router.post('/messages', [PortalMessagesController, 'store']).as('messages.store')
    router.get('/messages/estimate', [PortalMessagesController, 'estimate']).as('messages.estimate')
    router.get('/messages/events', [PortalMessagesController, 'events']).as('messages.events')
    router.get('/messages/scheduled', [PortalScheduledMessagesController, 'index']).as('messages.scheduled.index')
    router.post('/messages/scheduled', [PortalScheduledMessagesController, 'store']).as('messages.scheduled.store')
    router.post('/messages/scheduled/:id/cancel', [PortalScheduledMessagesController, 'cancel']).where('id', id).as('messages.scheduled.cancel')
    router.get('/messages/bulk', [PortalBulkMessagesController, 'index']).as('messages.bulk.index')
    router.post('/messages/bulk', [PortalBulkMessagesController, 'store']).as('messages.bulk.store')
    router.get('/messages/:contact', [PortalMessagesController, 'show']).where('contact', contact).as('messages.show')
    router.post('/messages/:contact', [PortalMessagesController, 'reply']).where('contact', contact).as('messages.reply')
  })
  .prefix('/portal')
  .as('portal')
  .use([brandHostOnly, middleware.session(), middleware.csrf(), middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }), sms()])
