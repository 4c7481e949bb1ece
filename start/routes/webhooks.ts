import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { middleware } from '#start/kernel'
import { sendError } from '#services/api_envelope'

const PaymentWebhooksController = () => import('#controllers/webhooks/payment_webhooks_controller')

/** Webhooks belong to a brand: on the platform host they do not exist. */
function tenantHostOnly(ctx: HttpContext, next: NextFn) {
  if (ctx.surface !== 'tenant') return sendError(ctx, 404, 'NOT_FOUND', 'Not found')
  return next()
}

/**
 * Calls from carriers and gateways to a brand host. No session, no CSRF: each delivery is
 * verified by its own signature with the host brand's secret.
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
  .use([tenantHostOnly, middleware.forceJson()])
