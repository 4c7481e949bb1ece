import type { HttpContext } from '@adonisjs/core/http'
import { THEME_SLUGS } from '#themes/registry'
import tenancy from '#tenants/main'
import platformTenants from '#services/platform_tenant_service'
import platformDomains from '#services/platform_domain_service'
import { actorOf, withFieldErrors } from '#controllers/platform/console_helpers'
import { createTenantValidator, listTenantsValidator, updateTenantValidator } from '#validators/platform_tenant'

/** Brands in the console: list and create, then view, rename and re-parent one. */
export default class TenantsController {
  async index({ request, view }: HttpContext) {
    const filters = await listTenantsValidator.validate(request.qs())
    const tenants = await platformTenants.paginate(filters)
    const { page, ...kept } = filters
    tenants.baseUrl('/tenants').queryString(kept)
    const choices = await platformTenants.choices()
    const platformDomain = tenancy.options.platformDomain
    return view.render('pages/platform/tenants/index', { tenants, choices, themes: THEME_SLUGS, filters, platformDomain })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createTenantValidator)
    const tenant = await withFieldErrors('domains', () => platformTenants.create(input, actorOf(ctx)))
    ctx.session.flash('success', `${tenant.name} is live.`)
    return ctx.response.redirect(`/tenants/${tenant.id}`)
  }

  async show({ params, view }: HttpContext) {
    const tenant = await platformTenants.findOrFail(params.id)
    const [profile, choices] = await Promise.all([platformTenants.profile(tenant), platformTenants.choices()])
    const pending = platformDomains.instructions(tenant)
    return view.render('pages/platform/tenants/show', { tenant, profile, choices, pending })
  }

  async update(ctx: HttpContext) {
    const tenant = await platformTenants.findOrFail(ctx.params.id)
    const changes = await ctx.request.validateUsing(updateTenantValidator)
    await platformTenants.update(tenant, changes, actorOf(ctx))
    ctx.session.flash('success', 'Saved.')
    return ctx.response.redirect(`/tenants/${tenant.id}`)
  }
}
