import type { HttpContext } from '@adonisjs/core/http'
import { renderThemed } from '#controllers/render'
import { enabledFeatures, FEATURE_COPY, LEGAL_PAGES, type LegalPage } from '#services/site_content'
import type { FeatureName } from '#tenants/config/defaults'

/** The brand's public marketing site. */
export default class PagesController {
  async landing(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/site/landing', { featureList: enabledFeatures(ctx.tenant.config) })
  }

  async features(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/site/features', { featureList: enabledFeatures(ctx.tenant.config) })
  }

  /** A switched-off or unknown feature has no page at all. */
  async feature(ctx: HttpContext) {
    const name = ctx.params.feature as FeatureName
    if (!Object.hasOwn(FEATURE_COPY, name) || !ctx.tenant.features[name]) {
      ctx.response.status(404)
      return ctx.view.render('pages/errors/not_found')
    }
    return renderThemed(ctx, 'pages/site/feature', { feature: { name, ...FEATURE_COPY[name] } })
  }

  async pricing(ctx: HttpContext) {
    const { pricing, features } = ctx.tenant.config
    return renderThemed(ctx, 'pages/site/pricing', { pricing, features })
  }

  async legal(ctx: HttpContext) {
    const page = ctx.params.page as LegalPage
    if (!Object.hasOwn(LEGAL_PAGES, page)) {
      ctx.response.status(404)
      return ctx.view.render('pages/errors/not_found')
    }
    return renderThemed(ctx, 'pages/site/legal', { page, heading: LEGAL_PAGES[page] })
  }

  async faq(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/site/faq')
  }

  async support(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/site/support')
  }
}
