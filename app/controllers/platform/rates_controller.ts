import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import deckImports from '#services/rating/deck_import_service'
import wholesale from '#services/rating/wholesale_service'
import { InvalidRatesException } from '#services/rating/errors'
import { actorOf } from '#controllers/platform/console_helpers'
import { currencyCode, deckUploadValidator, destination, instant } from '#validators/rates'

const PAGE_ERRORS = 20

/** Lookups from the page are forgiving: a bad or missing field just shows no result. */
const pageLookupValidator = vine.create({
  currency: currencyCode().optional(),
  destination: destination().optional(),
  at: instant().optional(),
})

/** The console's wholesale decks: list, upload a CSV, look a destination up. */
export default class RatesController {
  async index({ request, view }: HttpContext) {
    const [decks, query] = await Promise.all([
      wholesale.decks(),
      pageLookupValidator.validate(request.qs()).catch(() => ({ currency: undefined, destination: undefined, at: undefined })),
    ])
    const lookup =
      query.currency && query.destination
        ? await wholesale.lookup(query.currency, query.destination, query.at ? new Date(query.at) : undefined)
        : null
    return view.render('pages/platform/rates/index', { decks, lookup, query: request.qs() })
  }

  /** A refused file comes back to the page with every bad line listed; nothing was imported. */
  async store(ctx: HttpContext) {
    const { file, ...details } = await ctx.request.validateUsing(deckUploadValidator)
    try {
      const deck = await deckImports.import(await readFile(file.tmpPath!), { ...details, createdBy: actorOf(ctx) })
      ctx.session.flash('success', `Deck "${deck.name}" is now the active ${deck.currency} deck (${deck.rowCount} rates).`)
    } catch (error) {
      if (!(error instanceof InvalidRatesException)) throw error
      ctx.session.flash('error', error.message)
      /** The session may live in a cookie: list the first errors, and say how many more there are. */
      const shown = error.fields.slice(0, PAGE_ERRORS)
      const more = error.fields.length - shown.length
      ctx.session.flash('deckErrors', more > 0 ? [...shown, { field: 'file', message: `and ${more} more` }] : shown)
      ctx.session.flashExcept(['_csrf', 'file'])
    }
    return ctx.response.redirect('/rates')
  }
}
