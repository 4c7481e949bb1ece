import type { HttpContext } from '@adonisjs/core/http'
import tenancy from '#tenants/main'
import { FormValues } from '#services/admin_form_values'
import { pricingFormValues, pricingRowIndexes } from '#services/admin_pricing_form'
import { pricingFormField, pricingFormInput, updatePricingValidator } from '#validators/admin_pricing'
import priceLists from '#services/rating/price_list_service'
import { renderAdmin, saveConfigForm } from './admin_page.js'

/**
 * The brand's price list: numbers by country and type, call rates by prefix, messages, markup,
 * billing increments, inbound; each shown beside the platform's wholesale cost and the margin.
 */
export default class PricingController {
  /** Shows amounts as decimals and margins over wholesale; a bounced form keeps its own rows so errors land on the right one. */
  async edit(ctx: HttpContext) {
    const { document } = await tenancy.configs.current(ctx.tenant)
    const values = pricingFormValues(document.pricing)
    const form = FormValues.from(values, ctx.session.flashMessages)
    const old = form.bounced ? ctx.session.flashMessages.all() : null
    const margins = await priceLists.margins(document.pricing)
    return renderAdmin(ctx, 'pricing', { form, rows: pricingRowIndexes(values, old), margins, pricing: document.pricing })
  }

  /** Blank and removed rows are dropped before validation; errors are mapped back to form rows. */
  async update(ctx: HttpContext) {
    const { data, kept } = pricingFormInput(ctx.request.body())
    return saveConfigForm(ctx, {
      route: 'admin.pricing.edit',
      patch: () => updatePricingValidator.validate(data),
      formField: pricingFormField(kept),
    })
  }
}
