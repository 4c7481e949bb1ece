import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { middleware } from '#start/kernel'

const ApiNumbersController = () => import('#controllers/api/numbers_controller')
const ApiNumberOrdersController = () => import('#controllers/api/number_orders_controller')
const ApiAdminNumbersController = () => import('#controllers/api/admin_numbers_controller')
const PortalNumbersController = () => import('#controllers/portal/numbers_controller')
const AdminNumbersController = () => import('#controllers/admin/numbers_controller')
const PlatformNumbersController = () => import('#controllers/platform/numbers_controller')

const id = router.matchers.number()
const { platformDomain, platformSubdomain } = app.config.get<{ platformDomain: string; platformSubdomain: string }>('tenancy')
const platformHost = `${platformSubdomain}.${platformDomain}`

/** The brand admin lives on brand hosts only (as in routes/admin.ts). */
function tenantHostOnly(ctx: HttpContext, next: NextFn) {
  if (ctx.surface !== 'tenant') return ctx.response.notFound('Not found')
  return next()
}

/**
 * Numbers in the brand API. They exist whenever the brand does (no feature gate): the
 * `multi_number` feature only sets how many one user may hold. :id of /numbers/:id is a
 * phone_numbers row of the token holder; :id of /numbers/reservations/:id a number_reservations row of theirs.
 */
router
  .group(() => {
    router
      .group(() => {
        router.get('/numbers', [ApiNumbersController, 'index']).as('numbers.index')
        router.get('/numbers/search', [ApiNumberOrdersController, 'search']).as('numbers.search')
        router.get('/numbers/reservations', [ApiNumberOrdersController, 'reservations']).as('numbers.reservations.index')
        router.post('/numbers/reservations', [ApiNumberOrdersController, 'reserve']).as('numbers.reservations.store')
        router.delete('/numbers/reservations/:id', [ApiNumberOrdersController, 'cancel']).where('id', id).as('numbers.reservations.destroy')
        router.post('/numbers/purchase', [ApiNumberOrdersController, 'purchase']).as('numbers.purchase').use(middleware.idempotency())
        router.get('/numbers/:id', [ApiNumbersController, 'show']).where('id', id).as('numbers.show')
        router.delete('/numbers/:id', [ApiNumbersController, 'destroy']).where('id', id).as('numbers.destroy')
        router.put('/numbers/:id/primary', [ApiNumbersController, 'primary']).where('id', id).as('numbers.primary')
        router.put('/numbers/:id/status', [ApiNumbersController, 'status']).where('id', id).as('numbers.status')
        router.get('/numbers/:id/capabilities', [ApiNumbersController, 'capabilities']).where('id', id).as('numbers.capabilities')

        /** The brand's inventory for its staff: every number and who holds it. */
        router
          .group(() => {
            router.get('/numbers', [ApiAdminNumbersController, 'index']).as('numbers.index')
          })
          .prefix('/admin')
          .as('admin')
          .use(middleware.staff())
      })
      .use(middleware.auth({ guards: ['api'] }))
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use(middleware.forceJson())

/** The portal's numbers page: search and buy, primary, on/off, release. :id is a phone_numbers row of the user. */
router
  .group(() => {
    router.get('/numbers', [PortalNumbersController, 'index']).as('numbers.index')
    router.post('/numbers/buy', [PortalNumbersController, 'buy']).as('numbers.buy')
    router.put('/numbers/:id/primary', [PortalNumbersController, 'primary']).where('id', id).as('numbers.primary')
    router.put('/numbers/:id/status', [PortalNumbersController, 'status']).where('id', id).as('numbers.status')
    router.delete('/numbers/:id', [PortalNumbersController, 'destroy']).where('id', id).as('numbers.destroy')
  })
  .prefix('/portal')
  .as('portal')
  .use([middleware.session(), middleware.csrf(), middleware.auth({ guards: ['web'], redirectTo: '/portal/login' })])

/** The brand admin's inventory page. */
router
  .group(() => {
    router.get('/numbers', [AdminNumbersController, 'index']).as('numbers.index')
  })
  .prefix('/admin')
  .as('admin')
  .use([tenantHostOnly, middleware.session(), middleware.csrf(), middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }), middleware.staff()])

/** Every brand's numbers on the platform host: the console page and the platform API. */
router
  .group(() => {
    router.get('/numbers', [PlatformNumbersController, 'index']).as('numbers.index')
  })
  .domain(platformHost)
  .as('platform')
  .use([middleware.session(), middleware.csrf(), middleware.auth({ guards: ['platform_web'], redirectTo: '/login' })])

router
  .group(() => {
    router.get('/numbers', [PlatformNumbersController, 'api']).as('numbers.index')
  })
  .prefix('/api/v1/platform')
  .domain(platformHost)
  .as('platform.api')
  .use([middleware.forceJson(), middleware.auth({ guards: ['platform_api'] })])
