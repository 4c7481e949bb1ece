import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { renderThemed } from '#controllers/render'
import numbers from '#services/numbers/number_service'
import numberSearch, { type SearchResult } from '#services/numbers/number_search_service'
import purchases from '#services/numbers/purchase_service'
import { numberLimitOf } from '#services/numbers/number_limits'
import { NumberException } from '#services/numbers/errors'
import { InsufficientFundsException, MoneyException } from '#services/money/errors'
import { formatMicros } from '#services/money'
import { NumberProviderUnavailableError } from '#telephony/numbers/errors'
import { formatE164 } from '#services/phone'
import { numberChoiceValidator, numberStatusValidator, searchInput, searchNumbersValidator } from '#validators/numbers'

/** The search form's fields, carried through a purchase so the buyer lands back on their results. */
const SEARCH_FIELDS = ['country', 'type', 'areaCode', 'region', 'capabilities', 'pattern'] as const

/** The portal's numbers page: the user's numbers and their settings, search and buy. :id is a phone_numbers row of the user. */
export default class NumbersController {
  async index(ctx: HttpContext) {
    const userId = ctx.auth.user!.id
    const query = searchInput(ctx.request.qs())
    const searched = SEARCH_FIELDS.some((field) => field in query)
    let result: SearchResult | null = null
    let searchErrors: { field: string; message: string }[] = []
    if (searched) {
      try {
        result = await numberSearch.search(ctx.tenant, userId, await searchNumbersValidator.validate(query))
      } catch (error) {
        searchErrors = failureFields(error)
      }
    }
    const held = await numbers.list(ctx.tenant, userId)
    return renderThemed(ctx, 'pages/portal/numbers/index', {
      held,
      limit: numberLimitOf(ctx.tenant),
      currency: ctx.tenant.config.pricing.currency,
      regions: ctx.tenant.config.regions,
      query,
      result,
      searchErrors,
      formatE164,
    })
  }

  /** Reserve and buy in one step; a refusal (taken, limit, funds, provider down) comes back as a message. */
  async buy(ctx: HttpContext) {
    const back = `/portal/numbers${backQuery(searchInput(ctx.request.only([...SEARCH_FIELDS])))}`
    try {
      const { e164 } = await numberChoiceValidator.validate(ctx.request.all())
      const number = await purchases.purchase(ctx.tenant, ctx.auth.user!.id, e164)
      ctx.session.flash('success', `${formatE164(number.e164)} is yours${number.isPrimary ? ' and is your primary number' : ''}.`)
      return ctx.response.redirect('/portal/numbers')
    } catch (error) {
      const currency = ctx.tenant.config.pricing.currency
      const message =
        error instanceof InsufficientFundsException
          ? `Your wallet does not cover this number: it costs ${formatMicros(error.neededMicros, currency)} now and ${formatMicros(error.availableMicros, currency)} is available. Top up your wallet first`
          : failureFields(error)[0]?.message ?? 'That did not work'
      ctx.session.flash('error', `${message}. Nothing was charged.`)
      return ctx.response.redirect(back)
    }
  }

  async primary(ctx: HttpContext) {
    return this.#change(ctx, async (id) => {
      const number = await numbers.setPrimary(ctx.tenant, ctx.auth.user!.id, id)
      return `${formatE164(number.e164)} is now your primary number.`
    })
  }

  async status(ctx: HttpContext) {
    return this.#change(ctx, async (id) => {
      const { status } = await numberStatusValidator.validate(ctx.request.all())
      const number = await numbers.setStatus(ctx.tenant, ctx.auth.user!.id, id, status)
      return `${formatE164(number.e164)} is ${status === 'active' ? 'on' : 'off'}.`
    })
  }

  async destroy(ctx: HttpContext) {
    return this.#change(ctx, async (id) => {
      const number = await numbers.release(ctx.tenant, ctx.auth.user!.id, id)
      return `${formatE164(number.e164)} has been released. You will not be charged for it again.`
    })
  }

  /** Another user's or brand's number is a 404 page; a refused change flashes why. */
  async #change(ctx: HttpContext, work: (id: number) => Promise<string>) {
    const id = Number(ctx.params.id)
    await numbers.find(ctx.tenant, ctx.auth.user!.id, id)
    try {
      ctx.session.flash('success', await work(id))
    } catch (error) {
      ctx.session.flash('error', failureFields(error)[0]?.message ?? 'That did not work.')
    }
    return ctx.response.redirect('/portal/numbers')
  }
}

/** What to tell the user about a refusal; anything unexpected is rethrown. */
function failureFields(error: unknown): { field: string; message: string }[] {
  if (error instanceof vineErrors.E_VALIDATION_ERROR) return error.messages as { field: string; message: string }[]
  if (error instanceof NumberException || error instanceof MoneyException || error instanceof NumberProviderUnavailableError) {
    const fields = (error as NumberException).fields
    return fields?.length ? fields.map((f) => ({ ...f, message: error.message })) : [{ field: 'e164', message: error.message }]
  }
  throw error
}

/** The search as a query string ("?country=US&type=local"), from known fields only. */
function backQuery(query: Record<string, any>) {
  const params = new URLSearchParams()
  for (const field of SEARCH_FIELDS) {
    const value = query[field]
    if (Array.isArray(value)) params.set(field, value.join(','))
    else if (typeof value === 'string') params.set(field, value)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}
