import { createHash } from 'node:crypto'
import { NumberUnavailableError, type AvailableNumber, type NumberProvider, type NumberSearch, type OrderedNumber } from '#telephony/types'
import { simulatedCatalogue } from '#telephony/numbers/simulated_catalogue'
import { vanityDigits } from '#telephony/numbers/vanity'

export const DEFAULT_SEARCH_LIMIT = 20
export const MAX_SEARCH_LIMIT = 100

/**
 * The quickstart's and the tests' number provider: a fixed, realistic stock in several
 * countries (see simulated_catalogue.ts). It keeps no state, so every process agrees; which
 * numbers are sold or reserved is the database's business (the number services filter them).
 */
export class SimulatedNumbersDriver implements NumberProvider {
  readonly name = 'simulated'

  /** Numbers matching every filter given, in catalogue order. */
  async search(query: NumberSearch): Promise<AvailableNumber[]> {
    const country = query.country.toUpperCase()
    const region = query.region?.trim().toUpperCase()
    const contains = query.contains ? vanityDigits(query.contains) : null
    if (query.contains && contains === null) return []
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_SEARCH_LIMIT, 1), MAX_SEARCH_LIMIT)
    const found: AvailableNumber[] = []
    for (const { offer, national } of simulatedCatalogue()) {
      if (offer.country !== country) continue
      if (query.type && offer.type !== query.type) continue
      if (query.areaCode && !national.startsWith(query.areaCode)) continue
      if (region && offer.region?.toUpperCase() !== region) continue
      if (query.capabilities?.some((capability) => !offer.capabilities[capability])) continue
      if (contains && !national.includes(contains)) continue
      found.push(structuredClone(offer))
      if (found.length >= limit) break
    }
    return found
  }

  /** Any number of the stock can be ordered; a number it never had cannot. */
  async order(e164: string): Promise<OrderedNumber> {
    if (!simulatedCatalogue().some(({ offer }) => offer.e164 === e164)) throw new NumberUnavailableError(e164)
    return { e164, providerRef: `sim_${createHash('sha256').update(e164).digest('hex').slice(0, 16)}` }
  }

  /** Nothing to tell anyone: the number is simply in stock again once its row is gone. */
  async release(_number: OrderedNumber): Promise<void> {}
}
