import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { brandHostOnly } from '#middleware/brand_host_only'

const PaymentWebhooksController = () => import('#controllers/webhooks/payment_webhooks_controller')

/**
 * Calls from carriers and gateways to a brand host (they do not exist on the platform host). No
 * session, no CSRF: each delivery is verified by its own signature with the host brand's secret.
 */
router
  .group(() => {
    router
      .post('/payments/:gateway', [PaymentWebhooksController, 'store'])
      .where('gateway', /^[a-z]{1,16}$/)
      .as('payments')
  })
  .prefix('/webhooks')
  .as('webhooks')
  .use([brandHostOnly, middleware.forceJson()])
