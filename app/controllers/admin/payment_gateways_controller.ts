import type { HttpContext } from '@adonisjs/core/http'
import tenancy from '#tenants/main'
import { maskSecrets, getPath, setPath } from '#tenants/config/secrets'
import { FormValues } from '#services/admin_form_values'
import { microsToAmount } from '#services/admin_money_input'
import { GATEWAYS } from '#services/payments/contract'
import { PAYMENT_SECRETS, paymentsPatch, updatePaymentsValidator } from '#validators/admin_payments'
import { renderAdmin, saveConfigForm } from './admin_page.js'

/** Payment gateways, their keys and the recharge limits; secrets only ever leave the server masked. */
export default class PaymentGatewaysController {
  /** Works from a masked copy of the document: plain secrets never reach the view. */
  async edit(ctx: HttpContext) {
    const { document } = await tenancy.configs.current(ctx.tenant)
    const masked = maskSecrets(document)
    const { minMicros, maxMicros } = document.payments.recharge
    const saved = { payments: { ...masked.payments, recharge: { minMicros: microsToAmount(minMicros), maxMicros: microsToAmount(maxMicros) } } }
    return renderAdmin(ctx, 'payments', {
      form: FormValues.from(saved, ctx.session.flashMessages),
      masks: Object.fromEntries(PAYMENT_SECRETS.map((path) => [path, getPath(masked, path)])),
      webhookUrls: Object.fromEntries(GATEWAYS.map((name) => [name, `https://${ctx.tenant.primaryHost}/webhooks/payments/${name}`])),
      currency: document.pricing.currency,
    })
  }

  /** A blank or masked secret keeps the stored one; only a newly typed one replaces it. */
  async update(ctx: HttpContext) {
    return saveConfigForm(ctx, {
      route: 'admin.payments.edit',
      patch: async () => paymentsPatch(await ctx.request.validateUsing(updatePaymentsValidator)),
      keepInput: withoutSecrets,
    })
  }
}

/** A bounced form keeps what was typed, except secrets: those never go into the session. */
function withoutSecrets(input: Record<string, any>) {
  const copy = structuredClone(input)
  for (const path of PAYMENT_SECRETS) if (getPath(copy, path) !== undefined) setPath(copy, path, undefined)
  return copy
}
