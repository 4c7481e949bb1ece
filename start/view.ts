import edge from 'edge.js'
import { HttpContext } from '@adonisjs/core/http'
import { themes } from '#themes/registry'
import { themeDisk } from '#services/theme_views'
import { formatMicros } from '#services/money'
import { microsToAmount } from '#services/admin_money_input'

/** Each theme pack's views are a named Edge disk; see themedView(). */
for (const pack of themes.values()) {
  edge.mount(themeDisk(pack.slug), pack.viewsPath)
}

edge.global('formatMicros', formatMicros)
edge.global('microsToAmount', microsToAmount)

/**
 * The request's renderer, created on first use (as AdonisJS does) and, on a brand host,
 * already holding the brand, so every template (status pages included) is themed and
 * requests that render nothing (API, cached pages) pay nothing.
 */
HttpContext.getter(
  'view',
  function (this: HttpContext) {
    const renderer = edge.createRenderer().share({ request: this.request })
    /** Shared here rather than by the auth and bouncer middleware, so requests that render nothing never build a renderer. */
    if (this.auth) renderer.share({ auth: this.auth })
    if (this.bouncer) renderer.share(this.bouncer.edgeHelpers)
    const tenant = this.tenant
    if (tenant) {
      renderer.share({
        brand: tenant.branding,
        tenant: { slug: tenant.slug, name: tenant.name },
        features: tenant.features,
        content: tenant.config.content,
        support: tenant.config.support,
      })
    }
    return renderer
  },
  true
)
