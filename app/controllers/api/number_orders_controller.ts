import type { HttpContext } from '@adonisjs/core/http'
import numberSearch from '#services/numbers/number_search_service'
import reservations from '#services/numbers/reservation_service'
import purchases from '#services/numbers/purchase_service'
import { priceOf } from '#services/numbers/number_offers'
import { serializeNumber, serializeOffer, serializeReservation } from '#services/numbers/number_presenter'
import { ok } from '#services/api_envelope'
import { numberChoiceValidator, searchInput, searchNumbersValidator } from '#validators/numbers'

/** Finding and buying numbers: search, reserve for a few minutes, purchase from the wallet. :id is a number_reservations row of the token holder. */
export default class NumberOrdersController {
  async search(ctx: HttpContext) {
    const input = await searchNumbersValidator.validate(searchInput(ctx.request.qs()))
    const result = await numberSearch.search(ctx.tenant, ctx.auth.user!.id, input)
    return ok(result.offers.map(serializeOffer), { country: result.country, count: result.offers.length, unpriced: result.unpriced })
  }

  async reservations(ctx: HttpContext) {
    const rows = await reservations.mine(ctx.tenant, ctx.auth.user!.id)
    const priced = await Promise.all(rows.map(async (row) => ({ row, quote: await priceOf(ctx.tenant, row) })))
    return ok(priced.filter((p) => p.quote).map((p) => serializeReservation(p.row, p.quote!)))
  }

  async reserve(ctx: HttpContext) {
    const { e164 } = await ctx.request.validateUsing(numberChoiceValidator)
    const { reservation, quote } = await reservations.reserve(ctx.tenant, ctx.auth.user!.id, e164)
    return ctx.response.created(ok(serializeReservation(reservation, quote)))
  }

  async cancel(ctx: HttpContext) {
    await reservations.cancel(ctx.tenant, ctx.auth.user!.id, Number(ctx.params.id))
    return ctx.response.noContent()
  }

  /** Buys the number (reserving it first when needed); setup plus the first month come off the wallet. */
  async purchase(ctx: HttpContext) {
    const { e164 } = await ctx.request.validateUsing(numberChoiceValidator)
    const number = await purchases.purchase(ctx.tenant, ctx.auth.user!.id, e164)
    return ctx.response.created(ok(serializeNumber(number, ctx.tenant.config.pricing.currency)))
  }
}
