import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { brandHostOnly } from '#middleware/brand_host_only'

const MessagesController = () => import('#controllers/api/messages_controller')
const ScheduledMessagesController = () => import('#controllers/api/scheduled_messages_controller')
const MessageThreadsController = () => import('#controllers/api/message_threads_controller')

const id = router.matchers.number()

/**
 * The token holder's SMS; `:id` is a messages row of theirs, `:contact` the E.164 number of the
 * other party of one of their conversations. Sending takes an optional Idempotency-Key.
 * Scheduling needs `scheduled_sms` too; listing and cancelling what was scheduled do not.
 */
router
  .group(() => {
    router.get('/sms', [MessagesController, 'index']).as('sms.index')
    router.post('/sms/send', [MessagesController, 'store']).as('sms.send').use(middleware.idempotency({ optional: true }))
    router.get('/sms/estimate', [MessagesController, 'estimate']).as('sms.estimate')
    router
      .post('/sms/schedule', [ScheduledMessagesController, 'store'])
      .as('sms.schedule')
      .use([middleware.feature({ name: 'scheduled_sms' }), middleware.idempotency({ optional: true })])
    router.get('/sms/scheduled', [ScheduledMessagesController, 'index']).as('sms.scheduled.index')
    router.delete('/sms/scheduled/:id', [ScheduledMessagesController, 'destroy']).where('id', id).as('sms.scheduled.destroy')
    router.get('/sms/:id', [MessagesController, 'show']).where('id', id).as('sms.show')

    router.get('/messages/threads', [MessageThreadsController, 'index']).as('messages.threads.index')
    router.get('/messages/threads/:contact', [MessageThreadsController, 'show']).as('messages.threads.show')
    router.put('/messages/threads/:contact/read', [MessageThreadsController, 'read']).as('messages.threads.read')
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([brandHostOnly, middleware.forceJson(), middleware.auth({ guards: ['api'] }), middleware.feature({ name: 'sms' })])
