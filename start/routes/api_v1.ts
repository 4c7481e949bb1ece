import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { FEATURES } from '#tenants/config/defaults'

const AuthController = () => import('#controllers/api/auth_controller')
const ProfileController = () => import('#controllers/api/profile_controller')
const BrandController = () => import('#controllers/api/brand_controller')
const AdminConfigController = () => import('#controllers/api/admin_config_controller')
const AdminDomainsController = () => import('#controllers/api/admin_domains_controller')
const AdminUsersController = () => import('#controllers/api/admin_users_controller')
const WalletController = () => import('#controllers/api/wallet_controller')
const AdminWalletsController = () => import('#controllers/api/admin_wallets_controller')
const AdminReportsController = () => import('#controllers/api/admin_reports_controller')
const InvoicesController = () => import('#controllers/api/invoices_controller')
const WalletPaymentsController = () => import('#controllers/api/wallet_payments_controller')
const AutoRechargeController = () => import('#controllers/api/auto_recharge_controller')
const AdminPaymentsController = () => import('#controllers/api/admin_payments_controller')
const RatesController = () => import('#controllers/api/rates_controller')
const AdminPricingController = () => import('#controllers/api/admin_pricing_controller')

const id = { id: router.matchers.number() }

/** The brand's JSON API for apps and integrations; tokens are bound to the brand. */
router
  .group(() => {
    router.post('/auth/register', [AuthController, 'register']).as('auth.register')
    router.post('/auth/login', [AuthController, 'login']).as('auth.login')
    router.get('/brand', [BrandController, 'show']).as('brand.show')
    for (const name of FEATURES) {
      router
        .get(`/brand/features/${name}`, [BrandController, 'feature'])
        .as(`brand.features.${name}`)
        .use(middleware.feature({ name }))
    }

    router
      .group(() => {
        router.post('/auth/logout', [AuthController, 'logout']).as('auth.logout')
        router.get('/user/profile', [ProfileController, 'show']).as('user.profile.show')
        router.put('/user/profile', [ProfileController, 'update']).as('user.profile.update')
        router.put('/user/password', [ProfileController, 'updatePassword']).as('user.password.update')

        /** Wallet: balance, holds and the ledger (money issue). */
        router.get('/wallet', [WalletController, 'show']).as('wallet.show')
        router.get('/transactions', [WalletController, 'transactions']).as('transactions.index')

        /** Payments (money issue): wallet recharges through the brand's gateways; :id is a payments row. */
        router
          .post('/wallet/recharge', [WalletPaymentsController, 'store'])
          .as('wallet.recharge')
          .use(middleware.idempotency())
        router.get('/wallet/payments', [WalletPaymentsController, 'index']).as('wallet.payments.index')
        router.get('/wallet/payments/:id', [WalletPaymentsController, 'show']).where('id', id.id).as('wallet.payments.show')
        router.put('/wallet/auto-recharge', [AutoRechargeController, 'update']).as('wallet.auto_recharge.update')

        /** Monthly invoices (statements) of the token holder; :id is an invoices row (money issue). */
        router.get('/invoices', [InvoicesController, 'index']).as('invoices.index')
        router.get('/invoices/:id', [InvoicesController, 'show']).where('id', id.id).as('invoices.show')
        router.get('/invoices/:id/download', [InvoicesController, 'download']).where('id', id.id).as('invoices.download')

        /** What a call would cost the customer (rating, money issue): their price only. */
        router.get('/rates/quote', [RatesController, 'quote']).as('rates.quote').use(middleware.feature({ name: 'voice' }))

        router
          .group(() => {
            router.get('/config', [AdminConfigController, 'show']).as('config.show')
            router.patch('/config', [AdminConfigController, 'update']).as('config.update')
            router.get('/config/history', [AdminConfigController, 'history']).as('config.history')
            router.post('/config/rollback', [AdminConfigController, 'rollback']).as('config.rollback')

            /** The price list (rating, money issue): call rates from CSV as a config version; quotes with cost and margin. */
            router.post('/pricing/voice', [AdminPricingController, 'importVoice']).as('pricing.voice.store')
            router.get('/pricing/quote', [AdminPricingController, 'quote']).as('pricing.quote')

            router.get('/domains', [AdminDomainsController, 'index']).as('domains.index')
            router.post('/domains', [AdminDomainsController, 'store']).as('domains.store')
            router.get('/domains/:id', [AdminDomainsController, 'show']).where('id', id.id).as('domains.show')
            router.post('/domains/:id/verify', [AdminDomainsController, 'verify']).where('id', id.id).as('domains.verify')
            router.post('/domains/:id/primary', [AdminDomainsController, 'primary']).where('id', id.id).as('domains.primary')
            router.delete('/domains/:id', [AdminDomainsController, 'destroy']).where('id', id.id).as('domains.destroy')

            router.get('/users', [AdminUsersController, 'index']).as('users.index')
            router.get('/users/:id', [AdminUsersController, 'show']).where('id', id.id).as('users.show')
            router.post('/users/:id/suspend', [AdminUsersController, 'suspend']).where('id', id.id).as('users.suspend')
            router.post('/users/:id/reactivate', [AdminUsersController, 'reactivate']).where('id', id.id).as('users.reactivate')

            /** Customers' wallets and the brand's revenue (money issue). */
            router.get('/users/:id/wallet', [AdminWalletsController, 'show']).where('id', id.id).as('users.wallet.show')
            router
              .post('/users/:id/wallet/adjustments', [AdminWalletsController, 'adjust'])
              .where('id', id.id)
              .as('users.wallet.adjust')
              .use(middleware.idempotency())
            router
              .post('/users/:id/wallet/refunds', [AdminWalletsController, 'refundCharge'])
              .where('id', id.id)
              .as('users.wallet.refund')
              .use(middleware.idempotency())
            router.put('/users/:id/wallet/credit-limit', [AdminWalletsController, 'creditLimit']).where('id', id.id).as('users.wallet.credit_limit')
            router.get('/reports/revenue', [AdminReportsController, 'revenue']).as('reports.revenue')

            /** Payments (money issue): the brand's recharges, refunds to the buyer; :id is a payments row. */
            router.get('/payments', [AdminPaymentsController, 'index']).as('payments.index')
            router.get('/payments/:id', [AdminPaymentsController, 'show']).where('id', id.id).as('payments.show')
            router
              .post('/payments/:id/refund', [AdminPaymentsController, 'refund'])
              .where('id', id.id)
              .as('payments.refund')
              .use(middleware.idempotency())
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
