import type { HttpContext } from '@adonisjs/core/http'
import { acrossAllTenants } from '#tenants/context'
import inventory from '#services/numbers/inventory_service'
import { serializeInventoryRow } from '#services/numbers/number_presenter'
import { ok } from '#services/api_envelope'
import { platformInventoryValidator } from '#validators/numbers'

/** Every brand's numbers for the platform operator: the console page and the platform API. */
export default class NumbersController {
  async index(ctx: HttpContext) {
    const [, valid] = await platformInventoryValidator.tryValidate(ctx.request.qs())
    const filters = valid ?? {}
    const [page, brands] = await Promise.all([
      inventory.acrossBrands({ status: filters.status, search: filters.q, tenantId: filters.tenant, page: filters.page, perPage: 50 }),
      acrossAllTenants('platform brand list', () => inventory.brands()),
    ])
    return ctx.view.render('pages/platform/numbers', { ...page, brands, status: filters.status ?? '', search: filters.q ?? '', tenant: filters.tenant ?? '' })
  }

  async api(ctx: HttpContext) {
    const { q, tenant, ...filters } = await platformInventoryValidator.validate(ctx.request.qs())
    const page = await inventory.acrossBrands({ ...filters, search: q, tenantId: tenant })
    return ok(page.rows.map((row) => serializeInventoryRow(row, true)), page.meta)
  }
}
