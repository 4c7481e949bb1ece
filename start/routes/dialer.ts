import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { brandHostOnly } from '#middleware/brand_host_only'

const DialerController = () => import('#controllers/api/dialer_controller')
const AdminLiveCallsApiController = () => import('#controllers/api/admin_live_calls_controller')
const PortalDialerController = () => import('#controllers/portal/dialer_controller')
const LiveCallsController = () => import('#controllers/admin/live_calls_controller')

const id = router.matchers.number()
const voice = () => middleware.feature({ name: 'voice' })

/**
 * Click-to-call, hang-up and live call events (Server-Sent Events) for the token holder; the
 * brand's live calls for its staff. `:id` is a calls row (the user's own; any of the brand's for staff).
 */
router
  .group(() => {
    router
      .group(() => {
        router.post('/calls/initiate', [DialerController, 'initiate']).as('calls.initiate').use(middleware.idempotency())
        router.post('/calls/:id/hangup', [DialerController, 'hangup']).where('id', id).as('calls.hangup')
        router.get('/events/calls', [DialerController, 'events']).as('events.calls')
        router
          .group(() => {
            router.get('/calls/live', [AdminLiveCallsApiController, 'index']).as('calls.live')
            router.get('/events/calls', [AdminLiveCallsApiController, 'events']).as('events.calls')
          })
          .prefix('/admin')
          .as('admin')
          .use(middleware.staff())
      })
      .use([middleware.auth({ guards: ['api'] }), voice()])
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([brandHostOnly, middleware.forceJson()])

/** The portal dialer (its page, the JSON its script calls, its live events). `:id` is a calls row of the signed-in user. */
router
  .group(() => {
    router.get('/dialer', [PortalDialerController, 'show']).as('dialer.show')
    router.post('/dialer/calls', [PortalDialerController, 'store']).as('dialer.calls.store').use(middleware.idempotency())
    router.get('/dialer/calls/:id', [PortalDialerController, 'call']).where('id', id).as('dialer.calls.show')
    router.post('/dialer/calls/:id/hangup', [PortalDialerController, 'hangup']).where('id', id).as('dialer.calls.hangup')
    router.get('/dialer/events', [PortalDialerController, 'events']).as('dialer.events')
  })
  .prefix('/portal')
  .as('portal')
  .use([brandHostOnly, middleware.session(), middleware.csrf(), middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }), voice()])

/** The brand's live calls for its staff, and the simulated model's test calls. `:id` is a calls row of the brand. */
router
  .group(() => {
    router.get('/calls/live', [LiveCallsController, 'index']).as('calls.live')
    router.get('/calls/live/events', [LiveCallsController, 'events']).as('calls.live.events')
    router.post('/calls/live/:id/hangup', [LiveCallsController, 'hangup']).where('id', id).as('calls.live.hangup')
    router.post('/calls/simulate-inbound', [LiveCallsController, 'simulateInbound']).as('calls.simulate_inbound')
    router.post('/calls/simulate-voicemail', [LiveCallsController, 'simulateVoicemail']).as('calls.simulate_voicemail')
  })
  .prefix('/admin')
  .as('admin')
  .use([
    brandHostOnly,
    middleware.session(),
    middleware.csrf(),
    middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }),
    middleware.staff(),
    voice(),
  ])
