import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { FeatureName } from '#tenants/config/defaults'
import { isApiRequest, sendError } from '#services/api_envelope'

/** A feature the brand switched off does not exist: 404 on pages, 403 FEATURE_DISABLED on the API. */
export default class FeatureMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { name: FeatureName }) {
    if (ctx.tenant.features[options.name]) return next()
    if (isApiRequest(ctx)) {
      return sendError(ctx, 403, 'FEATURE_DISABLED', `The ${options.name} feature is not available`)
    }
    ctx.response.status(404)
    return ctx.view.render('pages/errors/not_found')
  }
}
