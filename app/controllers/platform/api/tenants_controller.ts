import type { HttpContext } from '@adonisjs/core/http'
import { ok } from '#services/api_envelope'
import platformTenants from '#services/platform_tenant_service'
import { presentTenant } from '#services/platform_tenant_presenter'
import { actorOf } from '#controllers/platform/console_helpers'
import { createTenantValidator, listTenantsValidator, updateTenantValidator } from '#validators/platform_tenant'

/** Tenants over the platform API: list, create, show, rename and re-parent. */
export default class TenantsController {
  async index({ request }: HttpContext) {
    const filters = await request.validateUsing(listTenantsValidator, { data: request.qs() })
    const page = await platformTenants.paginate(filters)
    const { total, perPage, currentPage, lastPage } = page.getMeta()
    return ok(page.all().map(presentTenant), { total, perPage, currentPage, lastPage })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createTenantValidator)
    const tenant = await platformTenants.create(input, actorOf(ctx))
    return ctx.response.created(ok(presentTenant(tenant)))
  }

  async show({ params }: HttpContext) {
    return ok(presentTenant(await platformTenants.findOrFail(params.id)))
  }

  async update(ctx: HttpContext) {
    const tenant = await platformTenants.findOrFail(ctx.params.id)
    const changes = await ctx.request.validateUsing(updateTenantValidator)
    return ok(presentTenant(await platformTenants.update(tenant, changes, actorOf(ctx))))
  }
}
