import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { themedView } from '#services/theme_views'

/** Shares the brand, its features and the themed-view helper with every template. */
export default class ViewGlobalsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.surface === 'tenant') {
      const tenant = ctx.tenant
      ctx.view.share({
        brand: tenant.branding,
        tenant: { slug: tenant.slug, name: tenant.name },
        features: tenant.features,
        content: tenant.config.content,
        support: tenant.config.support,
        themed: (name: string) => themedView(tenant.branding.theme, name),
      })
    } else {
      ctx.view.share({ themed: (name: string) => name })
    }
    return next()
  }
}
