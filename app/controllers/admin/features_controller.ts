import type { HttpContext } from '@adonisjs/core/http'
import tenancy from '#tenants/main'
import { FEATURES } from '#tenants/config/defaults'
import { FEATURE_COPY } from '#services/site_content'
import { FormValues } from '#services/admin_form_values'
import { featuresPatch, updateFeaturesValidator } from '#validators/admin_features'
import { renderAdmin, saveConfigForm } from './admin_page.js'

/** Feature toggles: a feature switched off here disappears from the site, portal and API. */
export default class FeaturesController {
  async edit(ctx: HttpContext) {
    const { document } = await tenancy.configs.current(ctx.tenant)
    return renderAdmin(ctx, 'features', {
      form: FormValues.from({ features: document.features, limits: document.limits }, ctx.session.flashMessages),
      featureList: FEATURES.map((name) => ({ name, ...FEATURE_COPY[name] })),
    })
  }

  /** Every feature is sent explicitly, so an unticked box really switches the feature off. */
  async update(ctx: HttpContext) {
    return saveConfigForm(ctx, {
      route: 'admin.features.edit',
      patch: async () => featuresPatch(await ctx.request.validateUsing(updateFeaturesValidator)),
    })
  }
}
