import type { HttpContext } from '@adonisjs/core/http'
import refunds from '#services/payments/refund_service'
import paymentQueries from '#services/payments/payment_queries'
import { serializePayment, serializeRefund } from '#services/payments/payment_presenter'
import { ok } from '#services/api_envelope'
import { paymentsPageValidator, refundValidator } from '#validators/payments'
import { manageTenant } from '#abilities/main'

/** The brand's recharges for its staff: look (support too) and refund (owners and admins). */
export default class AdminPaymentsController {
  async index(ctx: HttpContext) {
    const { page } = await paymentsPageValidator.validate(ctx.request.qs())
    const { payments, emails } = await paymentQueries.forBrand(ctx.tenant, page ?? 1)
    const rows = payments.all().map((payment) => ({ ...serializePayment(payment), payer: emails.get(payment.userId) ?? null }))
    return ok(rows, { total: payments.getMeta().total, page: payments.getMeta().currentPage })
  }

  async show(ctx: HttpContext) {
    const { payment, refunds: list, payerEmail } = await paymentQueries.findForBrand(ctx.tenant, ctx.params.id)
    return ok({ ...serializePayment(payment), payer: payerEmail, refunds: list.map((r) => serializeRefund(r, payment.currency)) })
  }

  /** Refunds to the buyer through the gateway and debits the wallet by the same amount. */
  async refund(ctx: HttpContext) {
    await paymentQueries.findForBrand(ctx.tenant, ctx.params.id)
    await ctx.bouncer.authorize(manageTenant)
    const input = await ctx.request.validateUsing(refundValidator)
    const result = await refunds.refund(ctx.tenant, ctx.auth.user!.id, ctx.params.id, input)
    return ctx.response.created(ok({ payment: serializePayment(result.payment), refund: serializeRefund(result.refund, result.payment.currency) }))
  }
}
