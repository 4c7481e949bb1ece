import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { ok } from '#services/api_envelope'
import rating from '#services/rating/rating_service'
import priceLists from '#services/rating/price_list_service'
import { InvalidRatesException } from '#services/rating/errors'
import { csvFile, quoteValidator } from '#validators/rates'
import vine from '@vinejs/vine'

const uploadValidator = vine.create({ file: csvFile() })

/** The brand's price list over the API: import call rates from CSV, and quote with cost and margin. */
export default class AdminPricingController {
  /**
   * Replaces the explicit call rates with a CSV (a text/csv body or a multipart `file`) as a new
   * config version. Any bad row: 422 naming its line, and the price list stays as it was.
   */
  async importVoice(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageTenant')
    const saved = await priceLists.importVoiceCsv(ctx.tenant, await uploadedCsv(ctx), (ctx.auth.user as User).email)
    return ok({ version: saved.version, voice: saved.document.pricing.voice })
  }

  /** What a call would cost the brand, what it charges, and the difference. */
  async quote(ctx: HttpContext) {
    const { destination, seconds, at } = await quoteValidator.validate(ctx.request.qs())
    const quote = await rating.quoteCall(ctx.tenant, { destination, seconds, at: at ? new Date(at) : undefined })
    return ok({ destination, seconds, ...quote, marginMicros: quote.priceMicros - quote.costMicros })
  }
}

async function uploadedCsv(ctx: HttpContext): Promise<string | Buffer> {
  if (ctx.request.is(['multipart/form-data'])) {
    const { file } = await ctx.request.validateUsing(uploadValidator)
    return readFile(file.tmpPath!)
  }
  const raw = ctx.request.raw()
  if (ctx.request.is(['text/*']) && raw) return raw
  throw InvalidRatesException.field('file', 'Send the CSV as a text/csv body or as a multipart "file"')
}
