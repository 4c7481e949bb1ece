import type { HttpContext } from '@adonisjs/core/http'
import recharges from '#services/payments/recharge_service'
import paymentQueries from '#services/payments/payment_queries'
import { serializePayment } from '#services/payments/payment_presenter'
import { ok } from '#services/api_envelope'
import { paymentsPageValidator, rechargeValidator } from '#validators/payments'

/** The token holder's wallet recharges: start one, list them, look at one. */
export default class WalletPaymentsController {
  /** Starts a recharge; the answer carries what the client needs to finish it (client secret or a page). */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(rechargeValidator)
    const baseUrl = `${ctx.request.protocol()}://${ctx.request.host()}`
    const { payment, checkout } = await recharges.start(ctx.tenant, ctx.auth.user!.id, { ...input, baseUrl })
    return ctx.response.created(ok({ payment: serializePayment(payment, checkout) }))
  }

  async index(ctx: HttpContext) {
    const { page } = await paymentsPageValidator.validate(ctx.request.qs())
    const payments = await paymentQueries.forUser(ctx.tenant, ctx.auth.user!.id, page ?? 1)
    const meta = payments.getMeta()
    return ok(payments.all().map((payment) => serializePayment(payment)), { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }

  async show(ctx: HttpContext) {
    const payment = await paymentQueries.findForUser(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    return ok(serializePayment(payment))
  }
}
