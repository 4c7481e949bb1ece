import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { brandHostOnly } from '#middleware/brand_host_only'

const BulkMessagesController = () => import('#controllers/api/bulk_messages_controller')
const MessageCallbacksController = () => import('#controllers/api/message_callbacks_controller')

const id = router.matchers.number()

/** The token holder's bulk sends (`:id` is a message_bulks row of theirs) and status callbacks. */
router
  .group(() => {
    router.get('/messages/bulk', [BulkMessagesController, 'index']).as('messages.bulk.index')
    router.post('/messages/bulk', [BulkMessagesController, 'store']).as('messages.bulk.store')
    router.get('/messages/bulk/:id', [BulkMessagesController, 'show']).where('id', id).as('messages.bulk.show')
    router.get('/messages/bulk/:id/recipients', [BulkMessagesController, 'recipients']).where('id', id).as('messages.bulk.recipients')
    router.delete('/messages/bulk/:id', [BulkMessagesController, 'destroy']).where('id', id).as('messages.bulk.destroy')
    router.get('/messages/callback', [MessageCallbacksController, 'show']).as('messages.callback.show')
    router.put('/messages/callback', [MessageCallbacksController, 'update']).as('messages.callback.update')
    router.get('/messages/callbacks', [MessageCallbacksController, 'index']).as('messages.callbacks.index')
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([brandHostOnly, middleware.forceJson(), middleware.auth({ guards: ['api'] }), middleware.feature({ name: 'sms' })])
