import type { HttpContext } from '@adonisjs/core/http'
import vine, { errors as vineErrors } from '@vinejs/vine'
import numberCosts from '#services/rating/number_cost_service'
import { InvalidRatesException } from '#services/rating/errors'
import { microsToAmount } from '#services/admin_money_input'
import { currencyCode, numberCostsFormValidator } from '#validators/rates'
import { isoInstant } from '#services/rating/instants'

const BLANK_ROWS = 3
const pickValidator = vine.create({ currency: currencyCode().optional() })

/** The console's number costs: one currency's list as a form, amounts as decimals. */
export default class NumberCostsController {
  async edit({ request, view }: HttpContext) {
    const { currency = 'USD' } = await pickValidator.validate(request.qs()).catch(() => ({ currency: 'USD' }))
    const [rows, currencies] = await Promise.all([numberCosts.list(currency), numberCosts.currencies()])
    const costs = [
      ...rows.map((row) => ({
        country: row.country,
        type: row.type,
        setupMicros: microsToAmount(row.setupMicros),
        monthlyMicros: microsToAmount(row.monthlyMicros),
        effectiveFrom: isoInstant(row.effectiveFrom) ?? '',
      })),
      ...Array.from({ length: BLANK_ROWS }, () => ({ country: '', type: '', setupMicros: '', monthlyMicros: '', effectiveFrom: '' })),
    ]
    return view.render('pages/platform/rates/numbers', { currency, currencies: [...new Set([...currencies, currency])], costs })
  }

  /** Blank rows are dropped; errors name the row as the form numbers it. */
  async update(ctx: HttpContext) {
    const body = ctx.request.body()
    const rows = Object.entries(body.costs ?? {}).filter(([, row]: [string, any]) => isFilled(row))
    const { currency, costs } = await numberCostsFormValidator
      .validate({ currency: body.currency, costs: rows.map(([, row]) => row) })
      .catch((error) => {
        if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
        const renamed = (error.messages as any[]).map((message) => ({
          ...message,
          field: message.field.replace(/^costs\.(\d+)\./, (_: string, index: string) => `costs.${rows[Number(index)][0]}.`),
        }))
        throw new vineErrors.E_VALIDATION_ERROR(renamed)
      })
    try {
      await numberCosts.replace(currency, costs)
      ctx.session.flash('success', `Saved the ${currency} number costs.`)
    } catch (error) {
      if (!(error instanceof InvalidRatesException)) throw error
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect(`/rates/numbers?currency=${currency}`)
  }
}

/** A row with something typed in it and not ticked for removal. */
function isFilled(row: any) {
  return row && !row.remove && ['country', 'type', 'setupMicros', 'monthlyMicros'].some((key) => row[key])
}
