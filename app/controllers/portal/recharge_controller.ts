import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { renderThemed } from '#controllers/render'
import recharges from '#services/payments/recharge_service'
import paymentQueries from '#services/payments/payment_queries'
import { decideFakeCheckout } from '#services/payments/fake_checkout'
import { saveAutoRecharge } from '#services/payments/auto_recharge_settings'
import { MoneyException } from '#services/money/errors'
import { autoRechargeValidator, fakeCheckoutValidator, rechargeValidator } from '#validators/payments'

/** stripe.js runs on Stripe's hosts: the Stripe page alone lets them in. */
const STRIPE_CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; script-src 'self' https://js.stripe.com; " +
  "frame-src https://js.stripe.com https://hooks.stripe.com; connect-src 'self' https://api.stripe.com; frame-ancestors 'self'"

/**
 * Wallet recharges in the portal: the form on the wallet page, each gateway's next step
 * (Stripe's card page, PayPal's return and cancel, the test gateway's checkout page), and
 * the auto-recharge settings.
 */
export default class RechargeController {
  /** Starts a recharge and sends the buyer where the gateway needs them next. */
  async store(ctx: HttpContext) {
    try {
      const input = await rechargeValidator.validate(ctx.request.all())
      const { payment, checkout } = await recharges.start(ctx.tenant, ctx.auth.user!.id, { ...input, baseUrl: baseUrl(ctx) })
      if (payment.gateway === 'stripe') return ctx.response.redirect(`/portal/wallet/stripe/${payment.id}`)
      if (payment.gateway === 'fake') return ctx.response.redirect(`/portal/wallet/checkout/${payment.id}`)
      return ctx.response.redirect(checkout.redirectUrl ?? '/portal/wallet')
    } catch (error) {
      return bounce(ctx, error, '/portal/wallet#recharge')
    }
  }

  /** Stripe's card page (and its return page): credits at once when the PaymentIntent has succeeded. */
  async stripe(ctx: HttpContext) {
    const mine = await paymentQueries.findForUser(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (mine.gateway !== 'stripe') return ctx.response.notFound('Not found')
    try {
      const { payment, completion } = await recharges.complete(ctx.tenant, mine)
      if (payment.creditedAt) return done(ctx, 'success', 'Payment received: your wallet has been topped up.')
      if (payment.status === 'failed') return done(ctx, 'error', `The payment did not go through: ${payment.failureMessage}`)
      ctx.response.header('content-security-policy', STRIPE_CSP)
      return renderThemed(ctx, 'pages/portal/wallet/stripe', {
        payment,
        clientSecret: completion?.clientSecret ?? null,
        publishableKey: ctx.tenant.config.payments.gateways.stripe.publishableKey,
        returnUrl: `${baseUrl(ctx)}/portal/wallet/stripe/${payment.id}`,
      })
    } catch (error) {
      return bounce(ctx, error, '/portal/wallet#recharge')
    }
  }

  /** PayPal sends the buyer back with `?token=<order id>`: capture, then credit. */
  async paypalReturn(ctx: HttpContext) {
    const mine = await paymentQueries.findByRefForUser(ctx.tenant, ctx.auth.user!.id, 'paypal', String(ctx.request.input('token', '')))
    try {
      const { payment } = await recharges.complete(ctx.tenant, mine)
      if (payment.creditedAt) return done(ctx, 'success', 'Payment received: your wallet has been topped up.')
      return done(ctx, 'error', payment.failureMessage ?? 'PayPal has not confirmed the payment yet; it will show here once it does.')
    } catch (error) {
      return bounce(ctx, error, '/portal/wallet#recharge')
    }
  }

  async paypalCancel(ctx: HttpContext) {
    const mine = await paymentQueries.findByRefForUser(ctx.tenant, ctx.auth.user!.id, 'paypal', String(ctx.request.input('token', '')))
    await recharges.cancel(ctx.tenant, mine)
    return done(ctx, 'error', 'You cancelled the PayPal payment. Nothing was charged.')
  }

  /** The test gateway's checkout page: Pay or Decline. */
  async checkout(ctx: HttpContext) {
    const payment = await paymentQueries.findForUser(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (payment.gateway !== 'fake') return ctx.response.notFound('Not found')
    return renderThemed(ctx, 'pages/portal/wallet/checkout', { payment })
  }

  async decide(ctx: HttpContext) {
    const payment = await paymentQueries.findForUser(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (payment.gateway !== 'fake') return ctx.response.notFound('Not found')
    if (payment.status !== 'pending') return done(ctx, 'error', 'This checkout is already finished.')
    const { decision } = await ctx.request.validateUsing(fakeCheckoutValidator)
    await decideFakeCheckout(ctx.tenant, payment, decision)
    return decision === 'pay'
      ? done(ctx, 'success', 'Payment received: your wallet has been topped up.')
      : done(ctx, 'error', 'The payment was declined. Nothing was charged.')
  }

  /** The form names its amount `autoAmount`, apart from the top-up form's `amount` on the same page. */
  async autoRecharge(ctx: HttpContext) {
    try {
      const { threshold, autoAmount, gateway } = ctx.request.only(['threshold', 'autoAmount', 'gateway'])
      const input = await autoRechargeValidator.validate({ threshold, amount: autoAmount, gateway, enabled: Boolean(ctx.request.input('enabled')) })
      const wallet = await saveAutoRecharge(ctx.tenant, ctx.auth.user!.id, input)
      return done(ctx, 'success', wallet.autoRechargeEnabled ? 'Auto-recharge is on.' : 'Auto-recharge is off.', '#auto-recharge')
    } catch (error) {
      return bounce(ctx, error, '/portal/wallet#auto-recharge', { amount: 'autoAmount' })
    }
  }
}

function baseUrl(ctx: HttpContext) {
  return `${ctx.request.protocol()}://${ctx.request.host()}`
}

function done(ctx: HttpContext, kind: 'success' | 'error', message: string, anchor = '') {
  ctx.session.flash(kind, message)
  return ctx.response.redirect(`/portal/wallet${anchor}`)
}

/** A refused form goes back with the reason and the field at fault (as the form names it); what was typed is kept. */
function bounce(ctx: HttpContext, error: unknown, to: string, rename: Record<string, string> = {}) {
  const fields =
    error instanceof vineErrors.E_VALIDATION_ERROR
      ? (error.messages as { field: string; message: string }[])
      : error instanceof MoneyException
        ? (error.fields ?? [])
        : null
  if (!fields) throw error
  const message = error instanceof MoneyException ? error.message : 'Check the highlighted fields.'
  const named = fields.map((f) => ({ ...f, field: rename[f.field] ?? f.field, rule: 'payment' }))
  ctx.session.flashValidationErrors(new vineErrors.E_VALIDATION_ERROR(named), false)
  ctx.session.flashExcept(['_csrf', '_method'])
  ctx.session.flash('error', `${message} Nothing was charged.`)
  return ctx.response.redirect(to)
}
