import type { HttpContext } from '@adonisjs/core/http'
import webhooks from '#services/payments/webhook_service'
import { ok } from '#services/api_envelope'

/**
 * POST /webhooks/payments/:gateway on a brand host. The raw body (as received, before JSON
 * parsing) and the signature headers are verified with this brand's secret only.
 */
export default class PaymentWebhooksController {
  async store(ctx: HttpContext) {
    const result = await webhooks.handle(ctx.tenant, ctx.params.gateway, ctx.request.raw() ?? '', ctx.request.headers())
    return ok(result)
  }
}
