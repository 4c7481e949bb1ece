import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/platform/session_controller')
const OverviewController = () => import('#controllers/platform/overview_controller')
const TenantsController = () => import('#controllers/platform/tenants_controller')
const TenantStatusController = () => import('#controllers/platform/tenant_status_controller')
const TenantDomainsController = () => import('#controllers/platform/tenant_domains_controller')
const ApiAuthController = () => import('#controllers/platform/api/auth_controller')
const ApiTenantsController = () => import('#controllers/platform/api/tenants_controller')
const ApiTenantStatusController = () => import('#controllers/platform/api/tenant_status_controller')
const ApiStatsController = () => import('#controllers/platform/api/stats_controller')
const RevenueController = () => import('#controllers/platform/revenue_controller')
const RatesController = () => import('#controllers/platform/rates_controller')
const NumberCostsController = () => import('#controllers/platform/number_costs_controller')
const ApiRatesController = () => import('#controllers/platform/api/rates_controller')
const ApiNumberCostsController = () => import('#controllers/platform/api/number_costs_controller')

/**
 * The platform host, e.g. admin.localhost. Routes bound to a domain match that host only, and
 * a host that matches a domain never falls back to the brand routes, so no tenant page or
 * API exists here and no operator route exists on a brand host.
 */
const { platformDomain, platformSubdomain } = app.config.get<{ platformDomain: string; platformSubdomain: string }>(
  'tenancy'
)
const platformHost = `${platformSubdomain}.${platformDomain}`
const id = router.matchers.number()

/** The operator console: pages behind the platform_web session guard. */
router
  .group(() => {
    router
      .group(() => {
        router.get('/login', [SessionController, 'create']).as('login')
        router.post('/login', [SessionController, 'store']).as('login.store')
      })
      .use(middleware.guest({ guards: ['platform_web'], redirectTo: '/' }))

    router
      .group(() => {
        router.post('/logout', [SessionController, 'destroy']).as('logout')
        router.get('/', [OverviewController, 'index']).as('overview')
        router.get('/tenants', [TenantsController, 'index']).as('tenants.index')
        router.get('/revenue', [RevenueController, 'index']).as('revenue.index')
        router.post('/tenants', [TenantsController, 'store']).as('tenants.store')
        router.get('/tenants/:id', [TenantsController, 'show']).where('id', id).as('tenants.show')
        router.put('/tenants/:id', [TenantsController, 'update']).where('id', id).as('tenants.update')
        router.post('/tenants/:id/suspend', [TenantStatusController, 'suspend']).where('id', id).as('tenants.suspend')
        router
          .post('/tenants/:id/reactivate', [TenantStatusController, 'reactivate'])
          .where('id', id)
          .as('tenants.reactivate')
        router.post('/tenants/:id/domains', [TenantDomainsController, 'store']).where('id', id).as('tenants.domains.store')
        router
          .delete('/tenants/:id/domains/:domainId', [TenantDomainsController, 'destroy'])
          .where('id', id)
          .where('domainId', id)
          .as('tenants.domains.destroy')
        router.get('/rates', [RatesController, 'index']).as('rates.index')
        router.post('/rates/decks', [RatesController, 'store']).as('rates.decks.store')
        router.get('/rates/numbers', [NumberCostsController, 'edit']).as('rates.numbers.edit')
        router.put('/rates/numbers', [NumberCostsController, 'update']).as('rates.numbers.update')
      })
      .use(middleware.auth({ guards: ['platform_web'], redirectTo: '/login' }))
  })
  .domain(platformHost)
  .as('platform')
  .use([middleware.session(), middleware.csrf()])

/** The platform JSON API: operator tokens only (platform_api), answers in the envelope. */
router
  .group(() => {
    router.post('/auth/login', [ApiAuthController, 'login']).as('auth.login')

    router
      .group(() => {
        router.post('/auth/logout', [ApiAuthController, 'logout']).as('auth.logout')
        router.get('/stats', [ApiStatsController, 'show']).as('stats.show')
        router.get('/revenue', [RevenueController, 'api']).as('revenue.index')
        router.get('/tenants', [ApiTenantsController, 'index']).as('tenants.index')
        router.post('/tenants', [ApiTenantsController, 'store']).as('tenants.store')
        router.get('/tenants/:id', [ApiTenantsController, 'show']).where('id', id).as('tenants.show')
        router.patch('/tenants/:id', [ApiTenantsController, 'update']).where('id', id).as('tenants.update')
        router
          .post('/tenants/:id/suspend', [ApiTenantStatusController, 'suspend'])
          .where('id', id)
          .as('tenants.suspend')
        router
          .post('/tenants/:id/reactivate', [ApiTenantStatusController, 'reactivate'])
          .where('id', id)
          .as('tenants.reactivate')
        router.get('/rates/decks', [ApiRatesController, 'index']).as('rates.decks.index')
        router.post('/rates/decks', [ApiRatesController, 'store']).as('rates.decks.store')
        router.get('/rates/lookup', [ApiRatesController, 'lookup']).as('rates.lookup')
        router.get('/rates/numbers', [ApiNumberCostsController, 'show']).as('rates.numbers.show')
        router.put('/rates/numbers', [ApiNumberCostsController, 'update']).as('rates.numbers.update')
      })
      .use(middleware.auth({ guards: ['platform_api'] }))
  })
  .prefix('/api/v1/platform')
  .domain(platformHost)
  .as('platform.api')
  .use(middleware.forceJson())
