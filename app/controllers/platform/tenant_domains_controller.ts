import type { HttpContext } from '@adonisjs/core/http'
import platformTenants from '#services/platform_tenant_service'
import platformDomains from '#services/platform_domain_service'
import { actorOf, withFieldErrors } from '#controllers/platform/console_helpers'
import { addDomainValidator } from '#validators/platform_tenant'

/** A brand's custom domains, from the console: add (optionally pre-verified) and remove. */
export default class TenantDomainsController {
  async store(ctx: HttpContext) {
    const tenant = await platformTenants.findOrFail(ctx.params.id)
    const { hostname, verified } = await ctx.request.validateUsing(addDomainValidator)
    const domain = await withFieldErrors('hostname', () =>
      platformDomains.add(tenant, hostname, verified ?? false, actorOf(ctx))
    )
    ctx.session.flash('success', `${domain.hostname} was added.`)
    return ctx.response.redirect(`/tenants/${tenant.id}`)
  }

  async destroy(ctx: HttpContext) {
    const tenant = await platformTenants.findOrFail(ctx.params.id)
    const removed = await platformDomains.remove(tenant, ctx.params.domainId, actorOf(ctx))
    ctx.session.flash(removed ? 'success' : 'error', removed ? 'Domain removed.' : 'The platform subdomain always stays.')
    return ctx.response.redirect(`/tenants/${tenant.id}`)
  }
}
