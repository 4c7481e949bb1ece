import type { HttpContext } from '@adonisjs/core/http'
import platformTenants from '#services/platform_tenant_service'
import { actorOf } from '#controllers/platform/console_helpers'

/** The console's suspend and reactivate buttons; both take effect on the brand's hosts at once. */
export default class TenantStatusController {
  async suspend(ctx: HttpContext) {
    const tenant = await platformTenants.findOrFail(ctx.params.id)
    await platformTenants.setStatus(tenant, 'suspended', actorOf(ctx))
    ctx.session.flash('success', `${tenant.name} is suspended.`)
    return ctx.response.redirect(`/tenants/${tenant.id}`)
  }

  async reactivate(ctx: HttpContext) {
    const tenant = await platformTenants.findOrFail(ctx.params.id)
    await platformTenants.setStatus(tenant, 'active', actorOf(ctx))
    ctx.session.flash('success', `${tenant.name} is active again.`)
    return ctx.response.redirect(`/tenants/${tenant.id}`)
  }
}
