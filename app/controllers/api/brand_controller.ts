import type { HttpContext } from '@adonisjs/core/http'
import { ok } from '#services/api_envelope'
import { serializeBrand } from '#services/serializers'
import { FEATURE_COPY } from '#services/site_content'
import type { FeatureName } from '#tenants/config/defaults'

/** Public: how this brand looks and what it offers, for white-label apps. */
export default class BrandController {
  async show(ctx: HttpContext) {
    return ok(serializeBrand(ctx.tenant))
  }

  /** One feature's description and limits; the route is feature-gated (403 when off). */
  async feature(ctx: HttpContext) {
    const name = ctx.params.feature as FeatureName
    return ok({ name, enabled: true, ...FEATURE_COPY[name], limits: ctx.tenant.config.limits })
  }
}
