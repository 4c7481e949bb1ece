import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/portal/session_controller')
const RegistrationController = () => import('#controllers/portal/registration_controller')
const PasswordResetController = () => import('#controllers/portal/password_reset_controller')
const AccountController = () => import('#controllers/portal/account_controller')
const WalletController = () => import('#controllers/portal/wallet_controller')
const InvoicesController = () => import('#controllers/portal/invoices_controller')
const RechargeController = () => import('#controllers/portal/recharge_controller')

/** The end-user portal of a brand. */
router
  .group(() => {
    router
      .group(() => {
        router.get('/login', [SessionController, 'create']).as('login')
        router.post('/login', [SessionController, 'store']).as('login.store')
        router.get('/signup', [RegistrationController, 'create']).as('signup')
        router.post('/signup', [RegistrationController, 'store']).as('signup.store')
      })
      .use(middleware.guest({ guards: ['web'] }))

    router.get('/forgot-password', [PasswordResetController, 'create']).as('password.forgot')
    router.post('/forgot-password', [PasswordResetController, 'store']).as('password.email')
    router.get('/reset-password/:token', [PasswordResetController, 'edit']).as('password.reset')
    router.post('/reset-password/:token', [PasswordResetController, 'update']).as('password.update')

    router
      .group(() => {
        router.get('/', [AccountController, 'dashboard']).as('dashboard')
        router.get('/profile', [AccountController, 'edit']).as('profile.edit')
        router.put('/profile', [AccountController, 'update']).as('profile.update')
        router.put('/password', [AccountController, 'updatePassword']).as('password.change')
        router.post('/logout', [SessionController, 'destroy']).as('logout')

        /** Wallet (money issue): balance, holds, history; recharge and invoices hang off it. */
        router.get('/wallet', [WalletController, 'show']).as('wallet.show')

        /** Wallet recharges (payments): each gateway's next step and auto-recharge; :id is a payments row of the signed-in user. */
        router
          .group(() => {
            router.post('/recharge', [RechargeController, 'store']).as('recharge.store')
            router.get('/stripe/:id', [RechargeController, 'stripe']).where('id', router.matchers.number()).as('stripe.show')
            router.get('/paypal/return', [RechargeController, 'paypalReturn']).as('paypal.return')
            router.get('/paypal/cancel', [RechargeController, 'paypalCancel']).as('paypal.cancel')
            router.get('/checkout/:id', [RechargeController, 'checkout']).where('id', router.matchers.number()).as('checkout.show')
            router.post('/checkout/:id', [RechargeController, 'decide']).where('id', router.matchers.number()).as('checkout.update')
            router.put('/auto-recharge', [RechargeController, 'autoRecharge']).as('auto_recharge.update')
          })
          .prefix('/wallet')
          .as('wallet')

        /** Monthly invoices (statements); :id is an invoices row of the signed-in user. */
        router.get('/invoices', [InvoicesController, 'index']).as('invoices.index')
        router.get('/invoices/:id/download', [InvoicesController, 'download']).where('id', router.matchers.number()).as('invoices.download')
      })
      .use(middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }))
  })
  .prefix('/portal')
  .as('portal')
  .use([middleware.session(), middleware.csrf()])
