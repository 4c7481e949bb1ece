import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { ok } from '#services/api_envelope'
import deckImports from '#services/rating/deck_import_service'
import wholesale, { presentDeck } from '#services/rating/wholesale_service'
import { actorOf } from '#controllers/platform/console_helpers'
import { currencyCode, deckUploadValidator, rateLookupValidator } from '#validators/rates'

const listValidator = vine.create({ currency: currencyCode().optional() })

/** Wholesale decks over the platform API: list, import a CSV (multipart), look a destination up. */
export default class RatesController {
  async index({ request }: HttpContext) {
    const { currency } = await listValidator.validate(request.qs())
    const decks = await wholesale.decks(currency)
    return ok(decks.map(presentDeck))
  }

  /** 201 with the new active deck, or 422 naming each bad line ("line 7: rate"); nothing half-imported. */
  async store(ctx: HttpContext) {
    const { file, ...details } = await ctx.request.validateUsing(deckUploadValidator)
    const csv = await readFile(file.tmpPath!)
    const deck = await deckImports.import(csv, { ...details, createdBy: actorOf(ctx) })
    return ctx.response.created(ok(presentDeck(deck)))
  }

  async lookup({ request }: HttpContext) {
    const { currency, destination, at } = await rateLookupValidator.validate(request.qs())
    return ok(await wholesale.lookup(currency, destination, at ? new Date(at) : undefined))
  }
}
