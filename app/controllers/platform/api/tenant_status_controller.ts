import type { HttpContext } from '@adonisjs/core/http'
import { ok } from '#services/api_envelope'
import platformTenants from '#services/platform_tenant_service'
import { presentTenant } from '#services/platform_tenant_presenter'
import { actorOf } from '#controllers/platform/console_helpers'

/** Suspend and reactivate over the API; idempotent, and effective on the brand's hosts at once. */
export default class TenantStatusController {
  async suspend(ctx: HttpContext) {
    const tenant = await platformTenants.findOrFail(ctx.params.id)
    return ok(presentTenant(await platformTenants.setStatus(tenant, 'suspended', actorOf(ctx))))
  }

  async reactivate(ctx: HttpContext) {
    const tenant = await platformTenants.findOrFail(ctx.params.id)
    return ok(presentTenant(await platformTenants.setStatus(tenant, 'active', actorOf(ctx))))
  }
}
