import type { HttpContext } from '@adonisjs/core/http'
import inventory from '#services/numbers/inventory_service'
import { serializeInventoryRow } from '#services/numbers/number_presenter'
import { ok } from '#services/api_envelope'
import { inventoryValidator } from '#validators/numbers'

/** The brand's number inventory for its staff: every number, who holds it, its state and money. */
export default class AdminNumbersController {
  async index(ctx: HttpContext) {
    const { q, ...filters } = await inventoryValidator.validate(ctx.request.qs())
    const page = await inventory.forBrand(ctx.tenant, { ...filters, search: q })
    return ok(page.rows.map((row) => serializeInventoryRow(row)), page.meta)
  }
}
