import { DateTime } from 'luxon'
import type { NumberQuote } from '#services/rating/rating_service'
import numberProviders from '#telephony/numbers/manager'
import { vanityDigits } from '#telephony/numbers/vanity'
import type { AvailableNumber, Capability, NumberType } from '#telephony/types'
import type { TenantSnapshot } from '#tenants/snapshot'
import { invalidNumberInput } from './errors.js'
import { holdersOf, priceOf } from './number_offers.js'

export interface SearchInput {
  country?: string
  type?: NumberType
  areaCode?: string
  region?: string
  capabilities?: Capability[]
  /** Digits and letters; letters are keypad digits ("CALL" = 2255). */
  pattern?: string
  limit?: number
}

/** A number for sale at the brand's price; `reservedUntil` is set when the asking user holds it already. */
export interface PricedOffer extends AvailableNumber {
  quote: NumberQuote
  reservedUntil: DateTime | null
}

export interface SearchResult {
  country: string
  offers: PricedOffer[]
  /** Matching numbers left out because the brand has no price for their country and type. */
  unpriced: number
}

export const DEFAULT_LIMIT = 20
/** The most numbers asked of a provider in one search. */
const MAX_ASK = 100

/**
 * Number search for one user of a brand: the brand's countries only, numbers nobody holds or
 * has reserved (in any brand), each priced at the brand's setup and monthly price.
 */
export class NumberSearchService {
  async search(tenant: TenantSnapshot, userId: number, input: SearchInput): Promise<SearchResult> {
    const country = this.countryOf(tenant, input.country)
    if (input.pattern && vanityDigits(input.pattern) === null) {
      throw invalidNumberInput('pattern', 'A pattern holds only letters and digits')
    }
    const limit = input.limit ?? DEFAULT_LIMIT
    const provider = await numberProviders.for(tenant)
    const query = { country, type: input.type, areaCode: input.areaCode, region: input.region, capabilities: input.capabilities, contains: input.pattern }
    let result = { offers: [] as PricedOffer[], unpriced: 0 }
    /** Ask for a few more than wanted; when sold and reserved numbers eat them all, ask once for as many as allowed. */
    for (const asked of [...new Set([Math.min(MAX_ASK, limit * 2 + 10), MAX_ASK])]) {
      const found = await provider.search({ ...query, limit: asked })
      result = await this.#priced(tenant, userId, found, limit)
      if (result.offers.length >= limit || found.length < asked) break
    }
    return { country, ...result }
  }

  /** Drops numbers someone holds, prices the rest (leaving out what has no price), up to `limit`. */
  async #priced(tenant: TenantSnapshot, userId: number, found: AvailableNumber[], limit: number) {
    const holders = await holdersOf(found.map((offer) => offer.e164))
    const quotes = new Map<string, NumberQuote | null>()
    const offers: PricedOffer[] = []
    let unpriced = 0
    for (const offer of found) {
      const reservation = holders.reserved.get(offer.e164)
      const mine = reservation?.tenantId === tenant.id && reservation.userId === userId
      if (holders.sold.has(offer.e164) || (reservation && !mine)) continue
      const key = `${offer.country}:${offer.type}`
      if (!quotes.has(key)) quotes.set(key, await priceOf(tenant, offer))
      const quote = quotes.get(key)
      if (!quote) {
        unpriced++
        continue
      }
      if (offers.length < limit) offers.push({ ...offer, quote, reservedUntil: mine ? reservation!.expiresAt : null })
    }
    return { offers, unpriced }
  }

  /** The country searched: the one asked for when the brand sells there, else the brand's first. */
  countryOf(tenant: TenantSnapshot, asked?: string) {
    const regions = tenant.config.regions
    if (!asked) return regions[0]
    const country = asked.toUpperCase()
    if (!regions.includes(country)) {
      throw invalidNumberInput('country', `Numbers are sold here in ${regions.join(', ')} only`)
    }
    return country
  }
}

const numberSearch = new NumberSearchService()
export default numberSearch
