import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import paymentQueries from '#services/payments/payment_queries'
import refunds from '#services/payments/refund_service'
import { MoneyException } from '#services/money/errors'
import { paymentsPageValidator, refundValidator } from '#validators/payments'
import { actor, authorizeChange, renderAdmin } from './admin_page.js'

/** The brand's wallet recharges: every staff member may look; owners and admins refund. */
export default class PaymentsController {
  async index(ctx: HttpContext) {
    const [, query] = await paymentsPageValidator.tryValidate(ctx.request.qs())
    const { payments, emails } = await paymentQueries.forBrand(ctx.tenant, query?.page ?? 1)
    return renderAdmin(ctx, 'payments_list', { payments: payments.all(), meta: payments.getMeta(), emails })
  }

  async show(ctx: HttpContext) {
    const { payment, refunds: list, payerEmail } = await paymentQueries.findForBrand(ctx.tenant, ctx.params.id)
    return renderAdmin(ctx, 'payment', { payment, refunds: list, payerEmail })
  }

  /** Refunds to the buyer; a refused refund says why and changes nothing. */
  async refund(ctx: HttpContext) {
    await authorizeChange(ctx)
    const { payment } = await paymentQueries.findForBrand(ctx.tenant, ctx.params.id)
    try {
      const input = await ctx.request.validateUsing(refundValidator)
      await refunds.refund(ctx.tenant, actor(ctx).id, payment.id, input)
      ctx.session.flash('success', 'Refunded. The wallet was debited by the same amount.')
    } catch (error) {
      if (error instanceof vineErrors.E_VALIDATION_ERROR) ctx.session.flash('error', error.messages.map((m: any) => m.message).join(' '))
      else if (error instanceof MoneyException) ctx.session.flash('error', `${error.message}. Nothing was refunded.`)
      else throw error
    }
    return ctx.response.redirect(`/admin/payments/${payment.id}`)
  }
}
