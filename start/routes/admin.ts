import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { middleware } from '#start/kernel'

const OverviewController = () => import('#controllers/admin/overview_controller')
const BrandingController = () => import('#controllers/admin/branding_controller')
const FeaturesController = () => import('#controllers/admin/features_controller')
const PaymentsController = () => import('#controllers/admin/payments_controller')
const PaymentGatewaysController = () => import('#controllers/admin/payment_gateways_controller')
const PricingController = () => import('#controllers/admin/pricing_controller')
const DomainsController = () => import('#controllers/admin/domains_controller')
const UsersController = () => import('#controllers/admin/users_controller')
const HistoryController = () => import('#controllers/admin/history_controller')
const WalletsController = () => import('#controllers/admin/wallets_controller')
const RevenueController = () => import('#controllers/admin/revenue_controller')
const InvoicesController = () => import('#controllers/admin/invoices_controller')

const id = router.matchers.number()

/** The brand admin lives on brand hosts only; on the platform host it does not exist. */
function tenantHostOnly(ctx: HttpContext, next: NextFn) {
  if (ctx.surface !== 'tenant') return ctx.response.notFound('Not found')
  return next()
}

/** A brand's admin for its staff: support staff may look, only owners and admins may change. */
router
  .group(() => {
    router.get('/', [OverviewController, 'show']).as('overview')

    router.get('/branding', [BrandingController, 'edit']).as('branding.edit')
    router.put('/branding', [BrandingController, 'update']).as('branding.update')
    router.get('/features', [FeaturesController, 'edit']).as('features.edit')
    router.put('/features', [FeaturesController, 'update']).as('features.update')
    /** Payments (money issue): recharges and refunds to buyers; gateway settings. :id is a payments row. */
    router.get('/payments', [PaymentsController, 'index']).as('payments.index')
    router.get('/payments/gateways', [PaymentGatewaysController, 'edit']).as('payments.edit')
    router.put('/payments/gateways', [PaymentGatewaysController, 'update']).as('payments.update')
    router.get('/payments/:id', [PaymentsController, 'show']).where('id', id).as('payments.show')
    router.post('/payments/:id/refund', [PaymentsController, 'refund']).where('id', id).as('payments.refund')
    router.get('/pricing', [PricingController, 'edit']).as('pricing.edit')
    router.put('/pricing', [PricingController, 'update']).as('pricing.update')

    router.get('/domains', [DomainsController, 'index']).as('domains.index')
    router.post('/domains', [DomainsController, 'store']).as('domains.store')
    router.post('/domains/:id/verify', [DomainsController, 'verify']).where('id', id).as('domains.verify')
    router.post('/domains/:id/primary', [DomainsController, 'primary']).where('id', id).as('domains.primary')
    router.delete('/domains/:id', [DomainsController, 'destroy']).where('id', id).as('domains.destroy')

    router.get('/users', [UsersController, 'index']).as('users.index')
    router.post('/users/:id/suspend', [UsersController, 'suspend']).where('id', id).as('users.suspend')
    router.post('/users/:id/reactivate', [UsersController, 'reactivate']).where('id', id).as('users.reactivate')

    /** Customers' wallets and the brand's revenue (money issue). */
    router.get('/users/:id/wallet', [WalletsController, 'show']).where('id', id).as('users.wallet.show')
    router.post('/users/:id/wallet/adjustments', [WalletsController, 'adjust']).where('id', id).as('users.wallet.adjust')
    router.post('/users/:id/wallet/refunds', [WalletsController, 'refund']).where('id', id).as('users.wallet.refund')
    router.post('/users/:id/wallet/credit-limit', [WalletsController, 'creditLimit']).where('id', id).as('users.wallet.credit_limit')
    router.get('/revenue', [RevenueController, 'index']).as('revenue.index')

    /** Customers' monthly invoices (money issue); :id is an invoices row of this brand. */
    router.get('/invoices', [InvoicesController, 'index']).as('invoices.index')
    router.get('/invoices/:id/download', [InvoicesController, 'download']).where('id', id).as('invoices.download')

    router.get('/history', [HistoryController, 'index']).as('history.index')
    router
      .post('/history/:version/rollback', [HistoryController, 'rollback'])
      .where('version', id)
      .as('history.rollback')
  })
  .prefix('/admin')
  .as('admin')
  .use([
    tenantHostOnly,
    middleware.session(),
    middleware.csrf(),
    middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }),
    middleware.staff(),
  ])
