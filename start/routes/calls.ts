import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { brandHostOnly } from '#middleware/brand_host_only'

const ApiCallHistoryController = () => import('#controllers/api/call_history_controller')
const ApiCallRulesController = () => import('#controllers/api/call_rules_controller')
const ApiAdminCallsController = () => import('#controllers/api/admin_calls_controller')
const PortalCallHistoryController = () => import('#controllers/portal/call_history_controller')
const PortalCallRulesController = () => import('#controllers/portal/call_rules_controller')
const AdminCdrController = () => import('#controllers/admin/cdr_controller')

const id = router.matchers.number()
const voice = () => middleware.feature({ name: 'voice' })

/**
 * Calls in the API. :id of /calls is a calls row of the token holder; :id of /numbers/:id/rules
 * a phone_numbers row of the token holder and :ruleId a call_rules row of that number.
 * Forwarding rules also need call_forwarding (checked by the rule service: the type is in the body).
 */
router
  .group(() => {
    router.get('/calls', [ApiCallHistoryController, 'index']).as('calls.index')
    router.get('/calls/:id', [ApiCallHistoryController, 'show']).where('id', id).as('calls.show')

    router.get('/numbers/:id/rules', [ApiCallRulesController, 'index']).where('id', id).as('numbers.rules.index')
    router.post('/numbers/:id/rules', [ApiCallRulesController, 'store']).where('id', id).as('numbers.rules.store')
    router
      .put('/numbers/:id/rules/:ruleId', [ApiCallRulesController, 'update'])
      .where('id', id)
      .where('ruleId', id)
      .as('numbers.rules.update')
    router
      .delete('/numbers/:id/rules/:ruleId', [ApiCallRulesController, 'destroy'])
      .where('id', id)
      .where('ruleId', id)
      .as('numbers.rules.destroy')

    /** The brand's CDR for its staff, and as CSV. */
    router
      .group(() => {
        router.get('/calls', [ApiAdminCallsController, 'index']).as('calls.index')
        router.get('/calls/export', [ApiAdminCallsController, 'export']).as('calls.export')
      })
      .prefix('/admin')
      .as('admin')
      .use(middleware.staff())
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([brandHostOnly, middleware.forceJson(), middleware.auth({ guards: ['api'] }), voice()])

/** Call history and the rules editor in the portal; :id is a phone_numbers row of the signed-in user. */
router
  .group(() => {
    router.get('/calls', [PortalCallHistoryController, 'index']).as('calls.index')
    router.get('/numbers/:id/rules', [PortalCallRulesController, 'index']).where('id', id).as('numbers.rules.index')
    router.post('/numbers/:id/rules', [PortalCallRulesController, 'store']).where('id', id).as('numbers.rules.store')
    router
      .put('/numbers/:id/rules/:ruleId', [PortalCallRulesController, 'update'])
      .where('id', id)
      .where('ruleId', id)
      .as('numbers.rules.update')
    router
      .delete('/numbers/:id/rules/:ruleId', [PortalCallRulesController, 'destroy'])
      .where('id', id)
      .where('ruleId', id)
      .as('numbers.rules.destroy')
    router
      .post('/numbers/:id/rules/:ruleId/move', [PortalCallRulesController, 'move'])
      .where('id', id)
      .where('ruleId', id)
      .as('numbers.rules.move')
  })
  .prefix('/portal')
  .as('portal')
  .use([brandHostOnly, middleware.session(), middleware.csrf(), middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }), voice()])

/** The brand's CDR in the admin, with its CSV export. */
router
  .group(() => {
    router.get('/calls', [AdminCdrController, 'index']).as('calls.index')
    router.get('/calls/export.csv', [AdminCdrController, 'export']).as('calls.export')
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
