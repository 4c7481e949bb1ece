import type { HttpContext } from '@adonisjs/core/http'
import { ok } from '#services/api_envelope'
import rating from '#services/rating/rating_service'
import { quoteValidator } from '#validators/rates'

/** What the signed-in customer would pay for a call: their price only, never the brand's cost. */
export default class RatesController {
  async quote(ctx: HttpContext) {
    const { destination, seconds, at } = await quoteValidator.validate(ctx.request.qs())
    const quote = await rating.quoteCall(ctx.tenant, { destination, seconds, at: at ? new Date(at) : undefined })
    return ok({
      destination,
      seconds,
      currency: quote.currency,
      priceMicros: quote.priceMicros,
      ratePerMinuteMicros: quote.ratePerMinuteMicros,
      billableSeconds: quote.billableSeconds,
      prefix: quote.prefix,
      description: quote.description,
    })
  }
}
