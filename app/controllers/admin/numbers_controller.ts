import type { HttpContext } from '@adonisjs/core/http'
import inventory from '#services/numbers/inventory_service'
import { inventoryValidator } from '#validators/numbers'
import { renderAdmin } from './admin_page.js'

/** The brand's number inventory: every number, its holder, state, renewal, and price against cost. */
export default class NumbersController {
  async index(ctx: HttpContext) {
    const [, valid] = await inventoryValidator.tryValidate(ctx.request.qs())
    const filters = valid ?? {}
    const page = await inventory.forBrand(ctx.tenant, { status: filters.status, search: filters.q, page: filters.page, perPage: 50 })
    return renderAdmin(ctx, 'numbers', { ...page, status: filters.status ?? '', search: filters.q ?? '' })
  }
}
