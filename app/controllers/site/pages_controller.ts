import type { HttpContext } from '@adonisjs/core/http'
import { renderPublicPage } from '#controllers/render'
import { enabledFeatures, FEATURE_COPY, LEGAL_PAGES, type LegalPage } from '#services/site_content'
import type { FeatureName } from '#tenants/config/defaults'

/** The brand's public marketing site: the same for every visitor, so rendered once per brand version. */
export default class PagesController {
  async landing(ctx: HttpContext) {
    return renderPublicPage(ctx, 'pages/site/landing', '', () => ({ featureList: enabledFeatures(ctx.tenant.config) }))
  }

  async features(ctx: HttpContext) {
    return renderPublicPage(ctx, 'pages/site/features', '', () => ({ featureList: enabledFeatures(ctx.tenant.config) }))
  }

  /** A switched-off or unknown feature has no page at all. */
  async feature(ctx: HttpContext) {
    const name = ctx.params.feature as FeatureName
    if (!Object.hasOwn(FEATURE_COPY, name) || !ctx.tenant.features[name]) return this.#notFound(ctx)
    return renderPublicPage(ctx, 'pages/site/feature', name, () => ({ feature: { name, ...FEATURE_COPY[name] } }))
  }

  async pricing(ctx: HttpContext) {
    const { pricing, features } = ctx.tenant.config
    return renderPublicPage(ctx, 'pages/site/pricing', '', () => ({ pricing, features }))
  }

  async legal(ctx: HttpContext) {
    const page = ctx.params.page as LegalPage
    if (!Object.hasOwn(LEGAL_PAGES, page)) return this.#notFound(ctx)
    return renderPublicPage(ctx, 'pages/site/legal', page, () => ({ page, heading: LEGAL_PAGES[page] }))
  }

  async faq(ctx: HttpContext) {
    return renderPublicPage(ctx, 'pages/site/faq', '', () => ({}))
  }

  async support(ctx: HttpContext) {
    return renderPublicPage(ctx, 'pages/site/support', '', () => ({}))
  }

  #notFound(ctx: HttpContext) {
    ctx.response.status(404)
    return ctx.view.render('pages/errors/not_found')
  }
}
