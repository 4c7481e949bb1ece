import type { HttpContext } from '@adonisjs/core/http'
import tenancy from '#tenants/main'
import { themes } from '#themes/registry'
import { resolveBranding, tokensToCss } from '#tenants/branding'
import { FormValues } from '#services/admin_form_values'
import { brandingFormValues } from '#services/admin_branding_form'
import { brandingPatch, updateBrandingValidator, BRAND_COLORS } from '#validators/admin_branding'
import { renderAdmin, saveConfigForm } from './admin_page.js'

/** The branding editor: identity, theme, colors and fonts, with a live preview beside the form. */
export default class BrandingController {
  /** Reads the saved document fresh (not the request's cached snapshot), so a save shows at once. */
  async edit(ctx: HttpContext) {
    const { document } = await tenancy.configs.current(ctx.tenant)
    const packs = [...themes.values()]
    return renderAdmin(ctx, 'branding', {
      form: FormValues.from(brandingFormValues(document), ctx.session.flashMessages),
      themeList: packs.map(({ slug, label, description, tokens }) => ({ slug, label, description, tokens })),
      themeTokens: Object.fromEntries(packs.map((pack) => [pack.slug, pack.tokens])),
      previewCss: tokensToCss(resolveBranding(document).tokens).replace(/^:root \{ | \}$/g, ''),
      colorNames: BRAND_COLORS,
    })
  }

  /** Nothing is saved unless the whole document, with this form applied, is valid. */
  async update(ctx: HttpContext) {
    return saveConfigForm(ctx, {
      route: 'admin.branding.edit',
      patch: async () => brandingPatch(await ctx.request.validateUsing(updateBrandingValidator)),
    })
  }
}
