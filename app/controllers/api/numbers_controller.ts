import type { HttpContext } from '@adonisjs/core/http'
import numbers from '#services/numbers/number_service'
import { numberLimitOf } from '#services/numbers/number_limits'
import { serializeNumber } from '#services/numbers/number_presenter'
import { ok } from '#services/api_envelope'
import { numberStatusValidator } from '#validators/numbers'

/** The token holder's numbers: list, show, release, primary, on/off, capabilities. :id is a phone_numbers row of theirs. */
export default class NumbersController {
  async index(ctx: HttpContext) {
    const rows = await numbers.list(ctx.tenant, ctx.auth.user!.id)
    return ok(
      rows.map((number) => serializeNumber(number, this.#currency(ctx))),
      { count: rows.length, limit: numberLimitOf(ctx.tenant) }
    )
  }

  async show(ctx: HttpContext) {
    return ok(serializeNumber(await this.#find(ctx), this.#currency(ctx)))
  }

  async capabilities(ctx: HttpContext) {
    const number = await this.#find(ctx)
    return ok({ id: number.id, e164: number.e164, status: number.status, ...numbers.capabilities(ctx.tenant, number) })
  }

  async primary(ctx: HttpContext) {
    const number = await numbers.setPrimary(ctx.tenant, ctx.auth.user!.id, Number(ctx.params.id))
    return ok(serializeNumber(number, this.#currency(ctx)))
  }

  /** The number is looked up first: another brand's id is a 404 whatever the body says. */
  async status(ctx: HttpContext) {
    await this.#find(ctx)
    const { status } = await ctx.request.validateUsing(numberStatusValidator)
    const number = await numbers.setStatus(ctx.tenant, ctx.auth.user!.id, Number(ctx.params.id), status)
    return ok(serializeNumber(number, this.#currency(ctx)))
  }

  /** Releases the number to quarantine; the answer shows until when. */
  async destroy(ctx: HttpContext) {
    const number = await numbers.release(ctx.tenant, ctx.auth.user!.id, Number(ctx.params.id))
    return ok(serializeNumber(number, this.#currency(ctx)))
  }

  #find(ctx: HttpContext) {
    return numbers.find(ctx.tenant, ctx.auth.user!.id, Number(ctx.params.id))
  }

  #currency(ctx: HttpContext) {
    return ctx.tenant.config.pricing.currency
  }
}
