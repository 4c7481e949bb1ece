import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { ok } from '#services/api_envelope'
import numberCosts from '#services/rating/number_cost_service'
import { presentNumberCost } from '#services/rating/wholesale_service'
import { currencyCode, numberCostsValidator } from '#validators/rates'

const showValidator = vine.create({ currency: currencyCode() })

/** What numbers cost the platform, per currency: read, or replace the whole list. */
export default class NumberCostsController {
  async show({ request }: HttpContext) {
    const { currency } = await showValidator.validate(request.qs())
    const rows = await numberCosts.list(currency)
    return ok({ currency, costs: rows.map(presentNumberCost) })
  }

  async update({ request }: HttpContext) {
    const { currency, costs } = await request.validateUsing(numberCostsValidator)
    const rows = await numberCosts.replace(currency, costs)
    return ok({ currency, costs: rows.map(presentNumberCost) })
  }
}
